# threat-models: library
import yaml


class ConfigStore:
    def __init__(self, root):
        self.root = root

    def parse(self, text):  # source
        return yaml.load(text, Loader=yaml.UnsafeLoader)  # sink: severity=low
# expect-flow: 9-10
