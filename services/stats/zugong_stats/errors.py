"""Errors answered to the client: an HTTP status, a machine code and a Chinese message."""


class ApiError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self):
        return {"code": self.code, "message": self.message}
