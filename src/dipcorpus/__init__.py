"""dipcorpus: a clean, structured, traceable corpus of diplomatic texts."""

__version__ = "0.1.0"
