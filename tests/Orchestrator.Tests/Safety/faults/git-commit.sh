# Commits its own work on its branch.
echo a > a.txt
git add a.txt
git -c user.name=agent -c user.email=agent@localhost commit -q -m "agent's own commit"
echo b > b.txt
