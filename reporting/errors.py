"""The errors a user may see. Each becomes one line on stderr and exit code 2."""

from __future__ import annotations


class FilingError(Exception):
    """A file that cannot be read as a CMSI pool description.

    The message names the file and the problem, e.g.
    ``"x.txt: a monthly servicing report, not a pool description"``.
    """

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class SendError(Exception):
    """A message that could not be sent, or an address or server option that cannot be used.

    The message names the server or option and the problem, e.g.
    ``"smtp 127.0.0.1:2525: connection refused"``.
    """
