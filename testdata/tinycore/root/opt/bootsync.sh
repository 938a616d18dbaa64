#!/bin/sh
# put other system startup commands here, the boot process will wait until they complete.
/usr/bin/sethostname box
/opt/bootlocal.sh &
