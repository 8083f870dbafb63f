"""Deliver: outputs onto disk and into the mail.

``formats`` is the one registry of output formats (the command line's choices, the
batch, the index read it); ``write`` makes a deal's, a diff's or the shelf's files
through it; ``files`` writes each whole or not at all; ``mail`` builds MIME and sends
it; ``index`` and ``shelf`` write an output folder's index and its shelf data files.
"""
