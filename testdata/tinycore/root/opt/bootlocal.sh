#!/bin/sh
# put other system startup commands here
