#!/bin/sh
# Make a Linux exam-room PC a shared VitalsDesk machine (docs/deploy.md, "Linux"). Run as root:
#
#   setup-clinic-pc.sh DATA_FOLDER [ACCOUNT ...]
#
# - the group `vitalsdesk` (made if missing) holds the clinic's OS accounts (ACCOUNTs are added);
# - DATA_FOLDER is made root:vitalsdesk, mode 2770 (setgid: what VitalsDesk creates in it belongs
#   to the group and is 0660): every clinic account can use it, no other account can;
# - /etc/vitalsdesk/database.key: the database key, 32 random bytes as 64 hex digits, made once,
#   root:vitalsdesk 0640 (only root writes it, only the clinic's accounts read it);
# - /etc/vitalsdesk/settings.toml names both for every account on this PC.
# Safe to run again: an existing key is kept (a new one would lock the records away).
# VITALSDESK_ETC and VITALSDESK_GROUP change the folder and the group (the tests use them).
set -eu

if [ "$#" -lt 1 ]; then
    echo "usage: $0 DATA_FOLDER [ACCOUNT ...]" >&2
    exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "$0: run this as root (it makes a group, a folder and a key file only root may write)" >&2
    exit 1
fi
etc="${VITALSDESK_ETC:-/etc/vitalsdesk}"
group="${VITALSDESK_GROUP:-vitalsdesk}"
data="$1"
shift
case "$data" in
    /*) ;;
    *) echo "$0: DATA_FOLDER must be a full path" >&2; exit 2 ;;
esac

getent group "$group" >/dev/null || groupadd --system "$group"
for account in "$@"; do
    usermod --append --groups "$group" "$account"
done

install -d -m 0755 -o root -g root "$etc"
install -d -m 2770 -o root -g "$group" "$data"
chgrp "$group" "$data"
chmod 2770 "$data"

key="$etc/database.key"
if [ ! -s "$key" ]; then
    (
        umask 077
        od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$key.new"
        echo >>"$key.new"
    )
    chown "root:$group" "$key.new"
    chmod 0640 "$key.new"
    mv "$key.new" "$key"
    echo "New database key in $key. Keep a copy in the clinic's safe: without it the records"
    echo "cannot be opened (vitalsdesk db key show prints it as the recovery key)."
fi

settings="$etc/settings.toml"
cat >"$settings.new" <<TOML
# Written by setup-clinic-pc.sh: every OS account on this PC uses this clinic's data folder.
data_folder = "$data"
key_file = "$key"
TOML
chmod 0644 "$settings.new"
mv "$settings.new" "$settings"
echo "$settings: data folder $data (group $group)."
