"""Media Freedom Registry: a curated, sourced registry of outlets and their legal designations.

The Python API over the same functions as the CLI::

    import registry
    reg = registry.load()                        # data/ (or $REGISTRY_DATA), validated
    rows = registry.select(reg, registry.Filters(jurisdictions=("RU",), as_of=date(2024, 2, 2)))
    registry.write_export(rows, "csv", "out.csv")
"""

from registry.export import EXPORT_COLUMNS, FORMATS, export_bytes, write_export
from registry.load import DataValidationError, Registry, load
from registry.query import Filters, facet_counts, in_force_over_time, jurisdiction_summary, outlet_profile, select, started_per_period
from registry.validate import Problem, validate

__all__ = [
    "EXPORT_COLUMNS",
    "FORMATS",
    "DataValidationError",
    "Filters",
    "Problem",
    "Registry",
    "export_bytes",
    "facet_counts",
    "in_force_over_time",
    "jurisdiction_summary",
    "load",
    "outlet_profile",
    "select",
    "started_per_period",
    "validate",
    "write_export",
]
