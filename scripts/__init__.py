"""Maintenance scripts. The Python ones run from the project root as `python -m scripts.<name>`."""
