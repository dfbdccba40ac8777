import argparse

import torch

parser = argparse.ArgumentParser()
parser.add_argument("weights")
args = parser.parse_args()
model_state = torch.load(args.weights)  # ok -- argparse is local, not in the default threat models
