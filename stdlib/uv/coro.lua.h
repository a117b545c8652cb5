"return {}\n"
