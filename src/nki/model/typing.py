# typing.py - nki.typing / neuronxcc.nki.typing (kcv's NKI model):
# `nt.tensor[d0, d1]` annotations and `nt.tensor[[shape], dtype]` placeholders.
import __kcv_nki__ as _k

tensor = _k.tensor_type
