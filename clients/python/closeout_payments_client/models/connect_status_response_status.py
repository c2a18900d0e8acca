from enum import StrEnum


class ConnectStatusResponseStatus(StrEnum):
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    NOT_CONNECTED = "not_connected"
    ONBOARDING = "onboarding"

    def __str__(self) -> str:
        return str(self.value)
