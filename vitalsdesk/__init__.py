"""VitalsDesk: the vital-signs recorder for medical assistants."""

__version__ = "0.1.0"
