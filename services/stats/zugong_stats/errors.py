"""Errors answered to the client: an HTTP status, a machine code and a Chinese message
(and the request parameter at fault, where there is one)."""


class ApiError(Exception):
    def __init__(self, status, code, message, parameter=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.parameter = parameter

    def body(self):
        body = {"code": self.code, "message": self.message}
        if self.parameter:
            body["parameter"] = self.parameter
        return body
