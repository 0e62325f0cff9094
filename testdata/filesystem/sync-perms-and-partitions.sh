#!/usr/bin/env bash
# Fixture: mirroring deletes, truncation, crontab removal, recursive permission changes and
# partition-table writes. Never run this file.

# ruleid: rsync-delete
rsync -av --delete build/ deploy@web:/var/www/app/
# ruleid: rsync-delete
rsync -az --delete-after --exclude .git -e 'ssh -p 2222' ./ host:/srv/app/
# ruleid: rsync-delete
rsync -a --delete-excluded --backup-dir /var/backups/old src/ /srv/mirror/
# ruleid: rsync-delete
rsync -a --delete "$SYNC_SRC/" /srv/data/
# ruleid: rsync-remove-source-files
rsync -a --remove-source-files /var/spool/export/ backup@nas:/exports/
# ruleid: truncate-data-file
truncate -s 0 db/production.sqlite3
# ruleid: truncate-data-file
truncate --size=0 .env
# ruleid: truncate-data-file
truncate -s0 /srv/app/config/.env.production
# ruleid: crontab-remove
crontab -r
# ruleid: crontab-remove
sudo crontab -u www-data -r
# ruleid: chmod-recursive-system
chmod -R 777 /
# ruleid: chmod-recursive-system
sudo chmod -R 000 /etc
# ruleid: chmod-recursive-system
chmod --recursive g+w /usr/local
# ruleid: chown-recursive-system
sudo chown -R "$USER" /usr
# ruleid: chown-recursive-system
chgrp -R staff /opt/
# ruleid: sgdisk-zap
sgdisk --zap-all /dev/sdb
# ruleid: sgdisk-zap
sudo sgdisk -Z "$TARGET_DISK"
# ruleid: parted-mklabel-rm
parted -s /dev/nvme1n1 mklabel gpt
# ruleid: parted-mklabel-rm
parted /dev/sda rm 2
# ruleid: parted-mklabel-rm
parted --script build/disk.img mktable msdos

# Not reported
# ok: rsync-delete
rsync -av --delete -n build/ deploy@web:/var/www/app/
# ok: rsync-delete
rsync -av --dry-run --delete-after src/ dst/
# ok: rsync-delete
rsync -av build/ deploy@web:/var/www/app/
# ok: rsync-remove-source-files
rsync -a /var/spool/export/ backup@nas:/exports/
# ok: truncate-data-file
truncate -s 0 /var/log/app/app.log
# ok: truncate-data-file
truncate -s 2G disk.img
# ok: crontab-remove
crontab -l
# ok: crontab-remove
crontab -i -r
# ok: chmod-recursive-system
chmod -R 755 /var/www/html
# ok: chmod-recursive-system
chmod -R u+w ./build
# ok: chmod-recursive-system
chmod 755 /usr/local/bin/tool
# ok: chown-recursive-system
chown -R www-data:www-data /var/www
# ok: chown-recursive-system
chown -R mysql:mysql /var/lib/mysql
# ok: chown-recursive-system
chown -R "$USER" /home/deploy/app
# ok: sgdisk-zap
sgdisk -p /dev/sdb
# ok: sgdisk-zap
sgdisk --pretend --zap-all /dev/sdb
# ok: parted-mklabel-rm
parted /dev/sdb print
# ok: parted-mklabel-rm
parted -s -a optimal /dev/sdb mkpart primary ext4 1MiB 100%
