from enum import StrEnum


class PreviewTemplateV1TemplatesNamePreviewGetFormat(StrEnum):
    HTML = "html"
    JSON = "json"
    TEXT = "text"

    def __str__(self) -> str:
        return str(self.value)
