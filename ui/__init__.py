"""Qt Designer forms (package data)."""
