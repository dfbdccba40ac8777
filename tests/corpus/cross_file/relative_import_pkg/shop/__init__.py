"""Shop service."""
