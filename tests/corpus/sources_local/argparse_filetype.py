# threat-models: local
import argparse
import pickle

parser = argparse.ArgumentParser()
parser.add_argument("infile", type=argparse.FileType("rb"))
options = parser.parse_args()  # source
index = pickle.load(options.infile)  # sink: severity=medium
print(len(index))
# expect-flow: 7-8
