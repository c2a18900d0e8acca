"""Template previews: a template rendered with sample data."""

from __future__ import annotations

from closeout.notifications.domain.planning import TEMPLATES, TemplateName
from closeout.notifications.domain.rendering import RenderedMessage, render
from closeout.notifications.domain.samples import sample_context
from closeout.shared.errors import NotFoundError


def template_named(name: str) -> TemplateName:
    for template in TEMPLATES:
        if template == name:
            return template
    raise NotFoundError(f"unknown template {name!r}; known: {', '.join(TEMPLATES)}")


def preview(name: str) -> RenderedMessage:
    template = template_named(name)
    return render(template, sample_context(template))
