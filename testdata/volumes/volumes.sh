#!/usr/bin/env bash
# Fixture: volume managers and disk tools that destroy volumes, pools, snapshots or devices. Never run this file.
set -euo pipefail

# ruleid: lvm-lvremove-vgremove
lvremove -f vg_data/postgres
# ruleid: lvm-lvremove-vgremove
vgremove --force vg_old
# ok: lvm-lvremove-vgremove
lvs -o lv_name,lv_size vg_data
# ruleid: lvm-pvremove
pvremove -ff -y /dev/sdd1
# ruleid: lvm-lvreduce-without-fs
lvreduce -L 20G vg_data/postgres
# ruleid: lvm-lvreduce-without-fs
lvresize --size -10G vg_data/postgres
# ok: lvm-lvreduce-without-fs
lvreduce --resizefs -L 20G vg_data/postgres
# ok: lvm-lvreduce-without-fs
lvresize -L +10G vg_data/postgres

# ruleid: zfs-destroy
zfs destroy -r tank/datasets/old
# ok: zfs-destroy
zfs destroy -n -v -r tank/datasets/old
# ruleid: zfs-rollback-recursive
zfs rollback -r tank/db@hourly-0900
# ruleid: zpool-destroy
zpool destroy -f backup
# ok: zpool-destroy
zpool scrub backup
# ruleid: btrfs-subvolume-delete
btrfs subvolume delete --recursive /srv/@containers
# ok: btrfs-subvolume-delete
btrfs subvolume list -s /

# ruleid: mdadm-zero-superblock
mdadm --zero-superblock /dev/sdb1
# ok: mdadm-zero-superblock
mdadm --detail --scan
# ruleid: mdadm-create
mdadm --create /dev/md0 --level=1 --raid-devices=2 --run /dev/sdb1 /dev/sdc1
# ruleid: blkdiscard-device
blkdiscard --force /dev/nvme1n1
# ruleid: cryptsetup-erase
cryptsetup --batch-mode luksErase /dev/sdb2
# ok: cryptsetup-erase
cryptsetup luksHeaderBackup /dev/sdb2 --header-backup-file /root/sdb2-header.img
# ruleid: drive-secure-erase
nvme format /dev/nvme0n1 --ses=2
# ok: drive-secure-erase
nvme id-ctrl /dev/nvme0
# ruleid: ceph-pool-or-image-delete
ceph osd pool delete volumes volumes --yes-i-really-really-mean-it
# ok: ceph-pool-or-image-delete
rbd trash mv volumes/vm-101-disk-0
