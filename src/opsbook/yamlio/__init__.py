"""The one package that owns YAML.

* `read`: the one read path for ordinary files (libyaml's events, straight to plain
  values), handing everything unusual to `careful` (ruamel's composer, our converter);
* `document`: what a read gives (documents, problems, the size and depth limits);
* `positions`: line and column of every key path, found on first use;
* `roundtrip`: the one ruamel round-trip setup every comment-keeping edit uses.

Writes go through `opsbook.files.atomic`. The package itself imports none of these, so
a caller pays only for the module it uses.
"""
