"""Present: the models -> text and bytes (HTML, PDF, email content, workbooks, JSON, the terminal).

Nothing here writes a file: ``renders`` makes each output of a deal, a diff or the
shelf once, and ``reporting.deliver`` writes them. A new output format is a maker
here and one entry in ``reporting.deliver.formats``.
"""
