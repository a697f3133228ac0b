"""SG Desktop: the confidential early-alert log for children's safeguarding media cases."""

__version__ = "0.1.0"
__all__ = ["__version__"]
