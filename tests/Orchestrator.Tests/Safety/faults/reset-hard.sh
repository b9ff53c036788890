# $1: the user's checkout. Resets the user's branch one commit back.
git -C "$1" reset -q --hard HEAD~1
