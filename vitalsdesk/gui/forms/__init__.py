"""Python modules compiled from the Designer forms in ui/ by scripts/compile-ui.sh (do not edit)."""
