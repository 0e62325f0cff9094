#!/usr/bin/env bash
# Fixture: whole-cluster uninstalls and node resets. Never run this file.
set -euo pipefail

# ruleid: kubernetes-node-reset
/usr/local/bin/k3s-uninstall.sh
# ruleid: kubernetes-node-reset
sudo rke2-uninstall.sh
# ruleid: kubernetes-node-reset
microk8s reset --destroy-storage
# ruleid: kubernetes-node-reset
talosctl reset --nodes 10.0.0.5 --graceful=false --reboot

# Not reported
# ok: kubernetes-node-reset
k3s kubectl get nodes -o wide
# ok: kubernetes-node-reset
microk8s enable dns
# ok: kubernetes-node-reset
talosctl --nodes 10.0.0.5 health
