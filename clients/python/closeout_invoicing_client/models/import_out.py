from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.import_out_mode_type_0 import ImportOutModeType0
from ..models.import_out_state import ImportOutState

if TYPE_CHECKING:
    from ..models.row_error_out import RowErrorOut


T = TypeVar("T", bound="ImportOut")


@_attrs_define
class ImportOut:
    """
    Attributes:
        import_id (str):
        state (ImportOutState):
        filename (None | str):
        mode (ImportOutModeType0 | None): Which rows the commit imports
        percent (int): Progress of the current step
        total_rows (int):
        validated_rows (int):
        error_rows (int):
        valid_rows (int):
        total_invoices (int): Invoices in the file (rows sharing a key are one)
        created_invoices (int): Drafts made by the commit
        skipped_invoices (int): Invoices with a row in error, left out
        sent_invoices (int):
        errors (list[RowErrorOut]): Row errors, the first 1,000
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
    """

    import_id: str
    state: ImportOutState
    filename: None | str
    mode: ImportOutModeType0 | None
    percent: int
    total_rows: int
    validated_rows: int
    error_rows: int
    valid_rows: int
    total_invoices: int
    created_invoices: int
    skipped_invoices: int
    sent_invoices: int
    errors: list[RowErrorOut]
    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        import_id = self.import_id

        state = self.state.value

        filename: None | str
        filename = self.filename

        mode: None | str
        if isinstance(self.mode, ImportOutModeType0):
            mode = self.mode.value
        else:
            mode = self.mode

        percent = self.percent

        total_rows = self.total_rows

        validated_rows = self.validated_rows

        error_rows = self.error_rows

        valid_rows = self.valid_rows

        total_invoices = self.total_invoices

        created_invoices = self.created_invoices

        skipped_invoices = self.skipped_invoices

        sent_invoices = self.sent_invoices

        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "import_id": import_id,
                "state": state,
                "filename": filename,
                "mode": mode,
                "percent": percent,
                "total_rows": total_rows,
                "validated_rows": validated_rows,
                "error_rows": error_rows,
                "valid_rows": valid_rows,
                "total_invoices": total_invoices,
                "created_invoices": created_invoices,
                "skipped_invoices": skipped_invoices,
                "sent_invoices": sent_invoices,
                "errors": errors,
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.row_error_out import RowErrorOut

        d = dict(src_dict)
        import_id = d.pop("import_id")

        state = ImportOutState(d.pop("state"))

        def _parse_filename(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        filename = _parse_filename(d.pop("filename"))

        def _parse_mode(data: object) -> ImportOutModeType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                mode_type_0 = ImportOutModeType0(data)

                return mode_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImportOutModeType0 | None, data)

        mode = _parse_mode(d.pop("mode"))

        percent = d.pop("percent")

        total_rows = d.pop("total_rows")

        validated_rows = d.pop("validated_rows")

        error_rows = d.pop("error_rows")

        valid_rows = d.pop("valid_rows")

        total_invoices = d.pop("total_invoices")

        created_invoices = d.pop("created_invoices")

        skipped_invoices = d.pop("skipped_invoices")

        sent_invoices = d.pop("sent_invoices")

        errors = []
        _errors = d.pop("errors")
        for errors_item_data in _errors:
            errors_item = RowErrorOut.from_dict(errors_item_data)

            errors.append(errors_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        import_out = cls(
            import_id=import_id,
            state=state,
            filename=filename,
            mode=mode,
            percent=percent,
            total_rows=total_rows,
            validated_rows=validated_rows,
            error_rows=error_rows,
            valid_rows=valid_rows,
            total_invoices=total_invoices,
            created_invoices=created_invoices,
            skipped_invoices=skipped_invoices,
            sent_invoices=sent_invoices,
            errors=errors,
            created_at=created_at,
            updated_at=updated_at,
        )

        import_out.additional_properties = d
        return import_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
