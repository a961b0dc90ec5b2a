"""The rotation model solved by OR-Tools CP-SAT.

`problem` turns a rotation into plain numbers (no solver import); `model` states the
rules as a CP-SAT model, one constraint family per rule; `solve` optimises the
objectives in order and says which it proved. Only `model` and `solve` import
`ortools`, and only `opsbook plan` reaches them, when a lock has to change.
"""
