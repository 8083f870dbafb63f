"""Model: frozen dataclasses every stage passes on: the deal as the filing states it (``deal``), the
summary a report shows (``summary``), the diff (``diff``), the shelf history (``shelf``), an output
folder's index line (``index``), and the units, table kinds and file names they share."""
