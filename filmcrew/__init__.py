"""filmcrew: turn an idea into a film."""

__version__ = "0.1.0"
