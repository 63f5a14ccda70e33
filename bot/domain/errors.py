"""The one error type domain code raises: it carries words a runner understands."""


class UserError(ValueError):
    """Bad input or a broken rule; `message` is shown to the runner as it is (plain text)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
