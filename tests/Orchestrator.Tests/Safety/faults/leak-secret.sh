# Prints a secret as it is, base64-encoded and URL-encoded.
echo "raw: $SAFETY_API_TOKEN"
echo "base64: $(printf '%s' "$SAFETY_API_TOKEN" | base64)"
echo "base64 with newline: $(echo "$SAFETY_API_TOKEN" | base64)"
echo "in a url: https://host/?t=$(printf '%s' "$SAFETY_API_TOKEN" | sed 's/+/%2B/g; s/\//%2F/g; s/=/%3D/g')"
echo ok > ok.txt
