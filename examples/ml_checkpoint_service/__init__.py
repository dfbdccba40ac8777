"""Seed 000, the ML model-checkpoint restore endpoint: `vulnerable` (DELIBERATELY VULNERABLE, demos and
tests only) and `secure` (the fix, built on deserialguard.guard)."""
