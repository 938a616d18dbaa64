dir
dir/del\177.txt
latin1-È-not-utf8.txt
utf8-caf√©.txt
esc-\033[31mred.txt
new\nline.txt
tab\there.txt
back\slash.txt
