"""What the screens show, worked out without Qt: parsing what the MA types, the words and numbers
a field or a chart displays. The GUI draws it; tests of it run in the fast loop (no widgets)."""
