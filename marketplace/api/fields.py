"""Strict marshmallow fields: JSON's types as they are, with no friendly guessing. `"5"` is not a
number, `1` is not `true`, and text the database cannot store (NUL, lone surrogates) is refused
here rather than failing in the database."""

from datetime import UTC

from marshmallow import RAISE, Schema, fields, validate

#: the largest id the database can hold (PostgreSQL INTEGER)
MAX_ID = 2**31 - 1


class StrictSchema(Schema):
    """Unknown fields are an error that names them (marshmallow's default, stated once)."""

    class Meta:
        ordered = True
        unknown = RAISE  # stated, so the document says `additionalProperties: false`


class Int(fields.Integer):
    def __init__(self, **kwargs):
        super().__init__(strict=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class Bool(fields.Boolean):
    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class QueryBool(fields.Boolean):
    """A boolean in the query string: exactly `true` or `false`."""

    def _deserialize(self, value, attr, data, **kwargs):
        if value not in ("true", "false"):
            raise self.make_error("invalid")
        return value == "true"


class Str(fields.String):
    default_error_messages = {"unstorable": "Text must not contain NUL characters or unpaired surrogates."}

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise self.make_error("unstorable") from error
        if "\x00" in text:
            raise self.make_error("unstorable")
        return text


class Email(Str, fields.Email):
    """An email address, documented as `format: email`."""


def text(maximum: int, minimum: int = 0, **kwargs) -> Str:
    """Text of a bounded length; with a `minimum`, also something other than spaces."""
    checks = [validate.Length(max=maximum)]
    if minimum:
        checks.append(validate.Length(min=minimum))
        checks.append(validate.Regexp(r"^\s*\S", error="Must not be blank."))
    return Str(validate=checks, **kwargs)


def whole(minimum: int, maximum: int, **kwargs) -> Int:
    return Int(validate=validate.Range(minimum, maximum), **kwargs)


def one_of(enum_class, **kwargs) -> Str:
    return Str(validate=validate.OneOf([member.value for member in enum_class]), **kwargs)


def ident(**kwargs) -> Int:
    return whole(1, MAX_ID, **kwargs)


Money = fields.Integer  # whole rupiah, on the way out


class When(fields.DateTime):
    """A moment as RFC 3339 with its offset; SQLite hands back naive datetimes, all of them UTC."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)
