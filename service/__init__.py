"""The service package: HTTP routes served beside the dashboard (see serve.py)."""
