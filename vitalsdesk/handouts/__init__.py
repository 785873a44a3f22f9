"""After-care handouts: templates as data (library, model) and ReportLab rendering (render).

Import the submodules you need. ``library``, ``model``, ``request`` and ``labels`` are light
(pydantic only); ``render`` imports ReportLab and is for the moment a sheet is printed.
"""
