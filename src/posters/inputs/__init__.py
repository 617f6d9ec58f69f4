"""Stage 1, inputs: the project folder read and validated.

- `load`: reading TOML documents and asset paths (I/O only); `schema`: typed
  reading of TOML tables with key paths; `colour_table`: named colours.
- `campaign`: helpline, QR target, palette, messages and copy; `phone`: the
  helpline's printed and dialling forms; `urls`: the QR payload and its allow-list.
- `forces`: the force folders and the editions built from them; `logos`: the
  partner artwork, opened safely.
- `layout`: one TOML file per format; `project`: all of it loaded together.
"""
