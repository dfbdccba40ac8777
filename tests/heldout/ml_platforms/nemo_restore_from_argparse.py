# threat-models: local
# NVIDIA NeMo-style training script: --restore-from names a checkpoint that a classmethod restores with
# torch.load() (cf. NVIDIA-NeMo/Automodel PR #2045 and the NeMo torch.load advisories).
import argparse

import torch


class ModelPT(torch.nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.encoder = torch.nn.Linear(cfg["in"], cfg["out"])

    @classmethod
    def restore_from(cls, restore_path, map_location="cpu"):
        checkpoint = torch.load(restore_path, map_location=map_location)  # sink: severity=medium
        model = cls(checkpoint["cfg"])
        model.load_state_dict(checkpoint["state_dict"])
        return model


def get_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--restore-from", dest="restore_from", required=True)
    parser.add_argument("--device", default="cpu")
    return parser.parse_args()  # source


if __name__ == "__main__":
    opts = get_args()
    model = ModelPT.restore_from(opts.restore_from, map_location=opts.device)
    print(model.cfg)
# expect-flow: 27-31-32-16-17
