"""mtqa: quality assurance for machine-translated news copy."""

__version__ = "0.1.0"
