"""Shipped data: reference ranges, stylesheet, fonts, handout templates (package data)."""
