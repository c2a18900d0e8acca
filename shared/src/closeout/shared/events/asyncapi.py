"""The published event catalogue as an AsyncAPI 3.0 document, generated from the registry."""

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from closeout.shared.events.catalogue import CATALOGUE, INBOUND_SPECS, EventSpec, dead_letter_topic
from closeout.shared.events.envelope import Envelope


def _message_name(spec: EventSpec) -> str:
    suffix = "Inbound" if spec.publisher == "field platforms" else ""
    return spec.event_type.replace(".", "_") + suffix


def asyncapi_document() -> dict[str, Any]:
    specs = [*CATALOGUE.values(), *INBOUND_SPECS]
    envelopes: dict[str, type[BaseModel]] = {
        _message_name(s): Envelope[s.data_model]  # type: ignore[name-defined]
        for s in specs
    }
    keyed, schemas = models_json_schema(
        [(model, "validation") for model in envelopes.values()],
        ref_template="#/components/schemas/{model}",
    )
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for spec in specs:
        name = _message_name(spec)
        schema_ref = keyed[(envelopes[name], "validation")]
        messages[name] = {
            "name": spec.event_type,
            "title": spec.event_type,
            "summary": spec.description,
            "contentType": "application/json",
            "payload": schema_ref,
        }
        channel = channels.setdefault(
            spec.topic,
            {
                "address": spec.topic,
                "messages": {},
                "description": "Keyed by aggregate id; dead letters on "
                + dead_letter_topic(spec.topic),
            },
        )
        channel["messages"][name] = {"$ref": f"#/components/messages/{name}"}
        operations[f"publish_{name}"] = {
            "action": "send",
            "channel": {"$ref": f"#/channels/{spec.topic}"},
            "summary": f"Published by {spec.publisher}",
            "messages": [{"$ref": f"#/channels/{spec.topic}/messages/{name}"}],
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Closeout events",
            "version": "1.0.0",
            "description": "CloudEvents 1.0 envelopes (JSON, structured mode) with business_id, "
            "correlation_id and a versioned data payload.",
        },
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas.get("$defs", {})},
    }
