"""Seed 001, the IoT device-config restore endpoint: `vulnerable` (DELIBERATELY VULNERABLE, demos and
tests only) and `secure` (the fix, built on deserialguard.guard)."""
