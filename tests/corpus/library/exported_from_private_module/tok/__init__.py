# threat-models: library
from ._tokenizer import Tokenizer
from .fast import FastTokenizer

__all__ = ["Tokenizer", "FastTokenizer"]
