"""企业库: enterprises, their yearly figures, IP, titles held, parks; imports and the audit history."""
