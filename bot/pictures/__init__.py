"""The /stats picture, drawn in a worker process."""
