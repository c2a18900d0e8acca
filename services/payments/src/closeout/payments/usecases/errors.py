"""What a use case answers when it will not do what was asked."""


class Refused(Exception):
    """The request is refused; `status` is the HTTP status an API answers with."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status
