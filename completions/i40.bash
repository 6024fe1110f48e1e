# bash completion for i40 and the i40-* programs.
# Options come from the program itself (--list-options), the same table
# its --help is printed from, so completion never drifts from the code.

_i40_complete()
{
	local cur prev prog words
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	prog=${COMP_WORDS[0]##*/}
	if [ "$prog" = i40 ]; then
		if [ "$COMP_CWORD" -eq 1 ]; then
			COMPREPLY=($(compgen -W "$(i40 --list-commands 2>/dev/null)" -- "$cur"))
			return
		fi
		prog=i40-${COMP_WORDS[1]}
	fi
	case $prev in
	-c|--config|--rejects|-o|--output|--model|--save-model)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	-f|--format)
		if [ "$prog" = i40-ingest ]; then
			COMPREPLY=($(compgen -W "long wide regex influx mqtt" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "text md html" -- "$cur"))
		fi
		return ;;
	--precision)
		COMPREPLY=($(compgen -W "auto s ms us ns" -- "$cur"))
		return ;;
	--tz)
		COMPREPLY=($(cd /usr/share/zoneinfo 2>/dev/null && compgen -f -- "$cur"))
		return ;;
	-b|--by|-p|--per|--from|--to)
		if [ "$prog" = i40-oee ]; then
			case $prev in
			-b|--by) COMPREPLY=($(compgen -W "shift day week month" -- "$cur")) ;;
			-p|--per) COMPREPLY=($(compgen -W "asset line both" -- "$cur")) ;;
			*) COMPREPLY=($(compgen -W "yesterday today" -- "$cur")) ;;
			esac
			return
		fi ;;
	esac
	if [[ $cur == -* ]]; then
		words=$("$prog" --list-options 2>/dev/null | tr ' ' '\n' | grep '^-')
		COMPREPLY=($(compgen -W "$words" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -F _i40_complete i40 i40-ingest i40-features i40-detect i40-forecast i40-oee i40-report
