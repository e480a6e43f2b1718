hadolint:/dev/stdin:1:5: missing whitespace 
