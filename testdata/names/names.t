dir
dir/del.txt
latin1-È-not-utf8.txt
utf8-caf√©.txt
esc-[31mred.txt
new
line.txt
tab	here.txt
back\slash.txt
