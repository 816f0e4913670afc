<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>evodesk</source>
        <translation>evodesk</translation>
    </message>
    <message>
        <source>No Evolution API server is configured.

Set EVOLUTION_API_URL and EVOLUTION_API_KEY, or start evodesk with --api-url URL --api-key KEY. To try evodesk without a server, run: evodesk --demo</source>
        <translation>Nenhum servidor da Evolution API está configurado.

Defina EVOLUTION_API_URL e EVOLUTION_API_KEY ou inicie o evodesk com --api-url URL --api-key CHAVE. Para experimentar o evodesk sem servidor, execute: evodesk --demo</translation>
    </message>
    <message>
        <source>evodesk: unexpected error</source>
        <translation>evodesk: erro inesperado</translation>
    </message>
    <message>
        <source>Something went wrong inside evodesk. Your chips are safe in the database.</source>
        <translation>Algo deu errado no evodesk. Seus chips estão seguros no banco de dados.</translation>
    </message>
    <message>
        <source>The details below are also in the log file; include them when reporting the problem.</source>
        <translation>Os detalhes abaixo também estão no arquivo de log; inclua-os ao relatar o problema.</translation>
    </message>
    <message>
        <source>evodesk cannot start: {reason}</source>
        <translation>Não foi possível iniciar o evodesk: {reason}</translation>
    </message>
</context>
<context>
    <name>ChipsTableModel</name>
    <message>
        <source>Phone</source>
        <extracomment>The fleet counts changed (a ``FleetSummary``). Bumped whenever rows or their contents change, before Qt hears of it (the proxy caches on it).</extracomment>
        <translation>Telefone</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>Instância</translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation>Nome do perfil</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Conexão</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>Última alteração</translation>
    </message>
    <message>
        <source>Business status: pending → warming (after the first connection) → active</source>
        <translation>Status do chip: pendente → aquecendo (após a primeira conexão) → ativo</translation>
    </message>
    <message>
        <source>Live WhatsApp connection as the server last reported it</source>
        <translation>Conexão do WhatsApp conforme o último relato do servidor</translation>
    </message>
    <message>
        <source>Connected since, disconnected at, or deleted at</source>
        <translation>Conectado desde, desconectado em ou excluído em</translation>
    </message>
    <message>
        <source>When this chip last changed in the database</source>
        <translation>Quando este chip foi alterado pela última vez no banco de dados</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Processando…</translation>
    </message>
    <message>
        <source>Deleted at {when}</source>
        <translation>Excluído em {when}</translation>
    </message>
    <message>
        <source>Connected since {when}</source>
        <translation>Conectado desde {when}</translation>
    </message>
    <message>
        <source>Disconnected at {when}</source>
        <translation>Desconectado em {when}</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pendente</translation>
    </message>
    <message>
        <source>Warming</source>
        <translation>Aquecendo</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Ativo</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>Pending: not connected yet, or disconnected by an operator</source>
        <translation>Pendente: ainda não conectado ou desconectado por um operador</translation>
    </message>
    <message>
        <source>Warming: connected; the warm-up process will make it active</source>
        <translation>Aquecendo: conectado; o processo de aquecimento vai torná-lo ativo</translation>
    </message>
    <message>
        <source>Active: warmed up and in use</source>
        <translation>Ativo: aquecido e em uso</translation>
    </message>
    <message>
        <source>Cancelled: the instance was deleted; the chip is kept for history</source>
        <translation>Cancelado: a instância foi excluída; o chip é mantido no histórico</translation>
    </message>
    <message>
        <source>logged out</source>
        <translation>sessão encerrada</translation>
    </message>
    <message>
        <source>logged out on the phone</source>
        <translation>sessão encerrada no celular</translation>
    </message>
    <message>
        <source>account issue</source>
        <translation>problema na conta</translation>
    </message>
    <message>
        <source>account problem reported by WhatsApp</source>
        <translation>problema na conta informado pelo WhatsApp</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>bloqueado</translation>
    </message>
    <message>
        <source>blocked by WhatsApp</source>
        <translation>bloqueado pelo WhatsApp</translation>
    </message>
    <message>
        <source>not allowed</source>
        <translation>não permitido</translation>
    </message>
    <message>
        <source>number not allowed by WhatsApp</source>
        <translation>número não permitido pelo WhatsApp</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>tempo esgotado</translation>
    </message>
    <message>
        <source>connection timed out</source>
        <translation>tempo de conexão esgotado</translation>
    </message>
    <message>
        <source>device mismatch</source>
        <translation>conflito de dispositivo</translation>
    </message>
    <message>
        <source>multi-device mismatch</source>
        <translation>conflito entre dispositivos conectados</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>conexão encerrada</translation>
    </message>
    <message>
        <source>connection closed</source>
        <translation>conexão encerrada</translation>
    </message>
    <message>
        <source>replaced</source>
        <translation>sessão substituída</translation>
    </message>
    <message>
        <source>replaced by another session</source>
        <translation>substituída por outra sessão</translation>
    </message>
    <message>
        <source>bad session</source>
        <translation>sessão corrompida</translation>
    </message>
    <message>
        <source>session data damaged</source>
        <translation>dados da sessão corrompidos</translation>
    </message>
    <message>
        <source>restart needed</source>
        <translation>requer reinício</translation>
    </message>
    <message>
        <source>restart required</source>
        <translation>é preciso reiniciar</translation>
    </message>
    <message>
        <source>code {code}</source>
        <translation>código {code}</translation>
    </message>
    <message>
        <source>{reason} (code {code})</source>
        <translation>{reason} (código {code})</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Excluído</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Conectado</translation>
    </message>
    <message>
        <source>Waiting for scan</source>
        <translation>Aguardando escaneamento</translation>
    </message>
    <message>
        <source>QR limit reached</source>
        <translation>Limite de QR atingido</translation>
    </message>
    <message>
        <source>Disconnected: {reason}</source>
        <translation>Desconectado: {reason}</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Desconectado</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Desconhecido</translation>
    </message>
    <message>
        <source>Working on this chip — wait for the action to finish</source>
        <translation>Processando este chip — aguarde a ação terminar</translation>
    </message>
    <message>
        <source>Deleted — kept for history; no action is possible</source>
        <translation>Excluído — mantido no histórico; nenhuma ação é possível</translation>
    </message>
    <message>
        <source>Connected — use Disconnect to log WhatsApp out, or Restart if messages stall</source>
        <translation>Conectado — use Desconectar para sair do WhatsApp ou Reiniciar se as mensagens travarem</translation>
    </message>
    <message>
        <source>Waiting for the QR code to be scanned — use Reconnect to show the QR code</source>
        <translation>Aguardando o escaneamento do QR code — use Reconectar para mostrar o QR code</translation>
    </message>
    <message>
        <source>The server stopped offering QR codes — use Reconnect to start again</source>
        <translation>O servidor parou de oferecer QR codes — use Reconectar para recomeçar</translation>
    </message>
    <message>
        <source>Disconnected — use Reconnect to show a new QR code</source>
        <translation>Desconectado — use Reconectar para mostrar um novo QR code</translation>
    </message>
    <message>
        <source>The server has not reported this instance&apos;s state — press Refresh (F5)</source>
        <translation>O servidor ainda não informou o estado desta instância — clique em Atualizar (F5)</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>Motivo: {reason}</translation>
    </message>
</context>
<context>
    <name>CreateInstanceDialog</name>
    <message>
        <source>New instance</source>
        <extracomment>(Chip, PollResult) — the new chip and what its QR dialog should show first.</extracomment>
        <translation>Nova instância</translation>
    </message>
    <message>
        <source>e.g. 11 99999-8888 or +55 11 99999-8888</source>
        <translation>ex.: 11 99999-8888 ou +55 11 99999-8888</translation>
    </message>
    <message>
        <source>Number as it will be registered</source>
        <translation>Número como será cadastrado</translation>
    </message>
    <message>
        <source>Optional. Letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;; empty uses the name shown.</source>
        <translation>Opcional. Letras, dígitos, &apos;.&apos;, &apos;_&apos; e &apos;-&apos;; se ficar vazio, será usado o nome exibido.</translation>
    </message>
    <message>
        <source>Creating instance… the server may take a few seconds.</source>
        <translation>Criando a instância… o servidor pode levar alguns segundos.</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Criar</translation>
    </message>
    <message>
        <source>&amp;Phone number:</source>
        <translation>Número de &amp;telefone:</translation>
    </message>
    <message>
        <source>&amp;Instance name:</source>
        <translation>Nome da &amp;instância:</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>evodesk</source>
        <extracomment>Sync interval multiplier after consecutive failures: 1, 2, then 4 at most. How long a closing window waits for running workers (a request stuck on its timeout ends sooner).</extracomment>
        <translation>evodesk</translation>
    </message>
    <message>
        <source>evodesk — Demo (built-in simulator)</source>
        <translation>evodesk — Demonstração (simulador integrado)</translation>
    </message>
    <message>
        <source>New instance</source>
        <translation>Nova instância</translation>
    </message>
    <message>
        <source>Create an instance for a phone number and show its QR code</source>
        <translation>Criar uma instância para um número de telefone e mostrar o QR code</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Atualizar</translation>
    </message>
    <message>
        <source>Ask the server for the state of every chip now</source>
        <translation>Consultar agora no servidor o estado de todos os chips</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Pesquisar</translation>
    </message>
    <message>
        <source>Search by phone, instance or profile name</source>
        <translation>Pesquisar por telefone, instância ou nome do perfil</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Desconectar</translation>
    </message>
    <message>
        <source>Log WhatsApp out of the selected chips (the instance stays; reconnect with a new QR code)</source>
        <translation>Desconectar o WhatsApp dos chips selecionados (a instância continua; reconecte com um novo QR code)</translation>
    </message>
    <message>
        <source>Reconnect…</source>
        <translation>Reconectar…</translation>
    </message>
    <message>
        <source>Show a new QR code for the selected chip (Enter or double-click on the row)</source>
        <translation>Mostrar um novo QR code para o chip selecionado (Enter ou clique duplo na linha)</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Reiniciar</translation>
    </message>
    <message>
        <source>Restart the WhatsApp session of the selected connected chips</source>
        <translation>Reiniciar a sessão do WhatsApp dos chips conectados selecionados</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Excluir…</translation>
    </message>
    <message>
        <source>Delete the instance on the server and mark the chip cancelled (kept for history)</source>
        <translation>Excluir a instância no servidor e marcar o chip como cancelado (mantido no histórico)</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Configurações…</translation>
    </message>
    <message>
        <source>Server address, API key and database</source>
        <translation>Endereço do servidor, chave da API e banco de dados</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Sair</translation>
    </message>
    <message>
        <source>Close evodesk</source>
        <translation>Fechar o evodesk</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>Abrir pasta de logs</translation>
    </message>
    <message>
        <source>Show the folder with evodesk&apos;s log files (attach them when reporting a problem)</source>
        <translation>Mostrar a pasta com os arquivos de log do evodesk (anexe-os ao relatar um problema)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <source>&amp;Chip</source>
        <translation>&amp;Chip</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Barra de ferramentas principal</translation>
    </message>
    <message>
        <source>Search phone, instance or profile (Ctrl+F)</source>
        <translation>Pesquisar telefone, instância ou perfil (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search chips</source>
        <translation>Pesquisar chips</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>Filtro de status</translation>
    </message>
    <message>
        <source>Show only chips in one state (deleted chips only with Cancelled)</source>
        <translation>Mostrar só os chips em um estado (chips excluídos só aparecem com Cancelado)</translation>
    </message>
    <message>
        <source>All chips</source>
        <translation>Todos os chips</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Conectado</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>Precisa de atenção</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pendente</translation>
    </message>
    <message>
        <source>Warming</source>
        <translation>Aquecendo</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Ativo</translation>
    </message>
    <message>
        <source>Cancelled (deleted)</source>
        <translation>Cancelado (excluído)</translation>
    </message>
    <message>
        <source>Chips</source>
        <translation>Chips</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>Instância</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Perfil</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>Last change</source>
        <translation>Última alteração</translation>
    </message>
    <message>
        <source>Tip: select several rows to disconnect, restart or delete them together. Enter or a double-click shows the QR code of a disconnected chip.</source>
        <translation>Dica: selecione várias linhas para desconectar, reiniciar ou excluir de uma vez. Enter ou um clique duplo mostra o QR code de um chip desconectado.</translation>
    </message>
    <message>
        <source>Recovered instances created before evodesk last stopped: {names}</source>
        <translation>Instâncias criadas antes do último encerramento do evodesk foram recuperadas: {names}</translation>
    </message>
    <message>
        <source>evodesk cannot open the chips database</source>
        <translation>O evodesk não consegue abrir o banco de dados dos chips</translation>
    </message>
    <message>
        <source>The chips cannot be read</source>
        <translation>Não foi possível ler os chips</translation>
    </message>
    <message>
        <source>Disconnected since the last refresh: {names}</source>
        <translation>Desconectados desde a última atualização: {names}</translation>
    </message>
    <message>
        <source>{count} instance(s) on the server are not in the database</source>
        <translation>{count} instância(s) do servidor sem registro no banco de dados</translation>
    </message>
    <message>
        <source>{count} chip(s) have no instance on the server</source>
        <translation>{count} chip(s) sem instância no servidor</translation>
    </message>
    <message>
        <source>The Evolution API server cannot be reached</source>
        <translation>Não foi possível acessar o servidor da Evolution API</translation>
    </message>
    <message>
        <source>The Evolution API server refused the API key</source>
        <translation>O servidor da Evolution API recusou a chave da API</translation>
    </message>
    <message>
        <source>The Evolution API server answered with an error</source>
        <translation>O servidor da Evolution API respondeu com um erro</translation>
    </message>
    <message>
        <source>The chips database cannot be updated</source>
        <translation>Não foi possível atualizar o banco de dados dos chips</translation>
    </message>
    <message>
        <source>The chips could not be refreshed</source>
        <translation>Não foi possível atualizar os chips</translation>
    </message>
    <message>
        <source>… and {count} more</source>
        <translation>… e mais {count}</translation>
    </message>
    <message>
        <source>Delete chip</source>
        <translation>Excluir chip</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Excluir</translation>
    </message>
    <message>
        <source>Delete {phone} (instance “{instance}”)?</source>
        <translation>Excluir {phone} (instância “{instance}”)?</translation>
    </message>
    <message>
        <source>Delete these {count} chips?</source>
        <translation>Excluir estes {count} chips?</translation>
    </message>
    <message>
        <source>The instance is removed from the Evolution server and the chip is marked cancelled. Its history stays in the database. This cannot be undone.</source>
        <translation>A instância é removida do servidor da Evolution e o chip é marcado como cancelado. O histórico continua no banco de dados. Esta ação não pode ser desfeita.</translation>
    </message>
    <message>
        <source>Disconnect chip</source>
        <translation>Desconectar chip</translation>
    </message>
    <message>
        <source>Disconnect WhatsApp from {phone} (instance “{instance}”)?</source>
        <translation>Desconectar o WhatsApp de {phone} (instância “{instance}”)?</translation>
    </message>
    <message>
        <source>Disconnect these {count} chips?</source>
        <translation>Desconectar estes {count} chips?</translation>
    </message>
    <message>
        <source>The instance stays on the server and the chip goes back to pending. Connecting it again needs a new QR code scan.</source>
        <translation>A instância continua no servidor e o chip volta para pendente. Para conectá-lo de novo, será preciso escanear um novo QR code.</translation>
    </message>
    <message>
        <source>“{instance}” disconnected</source>
        <translation>Instância “{instance}” desconectada</translation>
    </message>
    <message>
        <source>“{instance}” deleted</source>
        <translation>Instância “{instance}” excluída</translation>
    </message>
    <message>
        <source>“{instance}” restarted</source>
        <translation>Instância “{instance}” reiniciada</translation>
    </message>
    <message>
        <source>Disconnect failed</source>
        <translation>Falha ao desconectar</translation>
    </message>
    <message>
        <source>Delete failed</source>
        <translation>Falha ao excluir</translation>
    </message>
    <message>
        <source>Restart failed</source>
        <translation>Falha ao reiniciar</translation>
    </message>
    <message>
        <source>Reconnect failed</source>
        <translation>Falha ao reconectar</translation>
    </message>
    <message>
        <source>{action}: {count} done ({names}{more})</source>
        <translation>{action}: {count} concluído(s) ({names}{more})</translation>
    </message>
    <message>
        <source>Asking the server for a QR code for “{instance}”…</source>
        <translation>Pedindo ao servidor um QR code para “{instance}”…</translation>
    </message>
    <message>
        <source>“{instance}” is already connected</source>
        <translation>A instância “{instance}” já está conectada</translation>
    </message>
    <message>
        <source>“{instance}” connected</source>
        <translation>Instância “{instance}” conectada</translation>
    </message>
    <message>
        <source>“{instance}” created</source>
        <translation>Instância “{instance}” criada</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Configurações</translation>
    </message>
    <message>
        <source>Set EVOLUTION_API_URL and EVOLUTION_API_KEY, or use --api-url and --api-key.</source>
        <translation>Defina EVOLUTION_API_URL e EVOLUTION_API_KEY ou use --api-url e --api-key.</translation>
    </message>
    <message>
        <source>Settings saved; they apply when evodesk starts again.</source>
        <translation>Configurações salvas; elas passam a valer na próxima vez que o evodesk for aberto.</translation>
    </message>
    <message>
        <source>No chip selected</source>
        <translation>Nenhum chip selecionado</translation>
    </message>
    <message>
        <source>Select a chip in the list to see its details and actions.</source>
        <translation>Selecione um chip na lista para ver os detalhes e as ações.</translation>
    </message>
    <message>
        <source>{count} chips selected</source>
        <translation>{count} chips selecionados</translation>
    </message>
    <message>
        <source>Actions apply to every selected chip they fit; the others are skipped.</source>
        <translation>As ações valem para os chips selecionados em que se aplicam; os demais são ignorados.</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Processando…</translation>
    </message>
    <message>
        <source>Deleted at:</source>
        <translation>Excluído em:</translation>
    </message>
    <message>
        <source>Connected since:</source>
        <translation>Conectado desde:</translation>
    </message>
    <message>
        <source>Disconnected at:</source>
        <translation>Desconectado em:</translation>
    </message>
    <message>
        <source>The chips database could not be opened.</source>
        <translation>Não foi possível abrir o banco de dados dos chips.</translation>
    </message>
    <message>
        <source>Opening the chips database…</source>
        <translation>Abrindo o banco de dados dos chips…</translation>
    </message>
    <message>
        <source>No chips yet.
Press New instance (Ctrl+N) to add the first one.</source>
        <translation>Nenhum chip ainda.
Clique em Nova instância (Ctrl+N) para adicionar o primeiro.</translation>
    </message>
    <message>
        <source>No chip matches “{text}”.</source>
        <translation>Nenhum chip corresponde a “{text}”.</translation>
    </message>
    <message>
        <source>No chip in this category.</source>
        <translation>Nenhum chip nesta categoria.</translation>
    </message>
    <message>
        <source>1 needs attention</source>
        <translation>1 precisa de atenção</translation>
    </message>
    <message>
        <source>{count} need attention</source>
        <translation>{count} precisam de atenção</translation>
    </message>
    <message>
        <source>{connected} connected · {attention} · {pending} pending</source>
        <translation>Conectados: {connected} · {attention} · Pendentes: {pending}</translation>
    </message>
    <message>
        <source>{total} chips: {connected} connected, {attention} need attention, {pending} pending, {warming} warming, {active} active, {cancelled} deleted (hidden unless filtered)</source>
        <translation>Chips: {total} — conectados: {connected}, precisam de atenção: {attention}, pendentes: {pending}, aquecendo: {warming}, ativos: {active}, excluídos: {cancelled} (ocultos, exceto com o filtro Cancelado)</translation>
    </message>
    <message>
        <source>Server: {host} (demo simulator)</source>
        <translation>Servidor: {host} (simulador de demonstração)</translation>
    </message>
    <message>
        <source>Server: {host}</source>
        <translation>Servidor: {host}</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>não configurado</translation>
    </message>
    <message>
        <source>Evolution API {version}</source>
        <translation>Evolution API {version}</translation>
    </message>
    <message>
        <source>API version unknown</source>
        <translation>Versão da API desconhecida</translation>
    </message>
    <message>
        <source>Database: {backend}</source>
        <translation>Banco de dados: {backend}</translation>
    </message>
    <message>
        <source>Database: opening…</source>
        <translation>Banco de dados: abrindo…</translation>
    </message>
    <message>
        <source>Refreshing…</source>
        <translation>Atualizando…</translation>
    </message>
    <message>
        <source>Last sync {time}</source>
        <translation>Sincronizado em {time}</translation>
    </message>
    <message>
        <source>Not synced yet</source>
        <translation>Ainda não sincronizado</translation>
    </message>
    <message>
        <source>The log folder is {path}</source>
        <translation>A pasta de logs é {path}</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Type the phone number with its area code.</source>
        <translation>Digite o número de telefone com o DDD.</translation>
    </message>
    <message>
        <source>That is too long to be a phone number.</source>
        <translation>Isso é longo demais para ser um número de telefone.</translation>
    </message>
    <message>
        <source>A phone number may contain only digits, spaces, &apos;+&apos;, &apos;-&apos; and parentheses.</source>
        <translation>O número de telefone só pode conter dígitos, espaços, &apos;+&apos;, &apos;-&apos; e parênteses.</translation>
    </message>
    <message>
        <source>This is not a valid phone number. Include the area code, e.g. 11 99999-8888.</source>
        <translation>Este não é um número de telefone válido. Inclua o DDD, por exemplo: 11 99999-8888.</translation>
    </message>
    <message>
        <source>The instance name is empty.</source>
        <translation>O nome da instância está vazio.</translation>
    </message>
    <message>
        <source>The instance name may have at most 64 characters.</source>
        <translation>O nome da instância pode ter no máximo 64 caracteres.</translation>
    </message>
    <message>
        <source>The instance name must start with a letter or digit and use only letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;.</source>
        <translation>O nome da instância deve começar com uma letra ou um dígito e usar apenas letras, dígitos, &apos;.&apos;, &apos;_&apos; e &apos;-&apos;.</translation>
    </message>
    <message>
        <source>The instance name must not contain &apos;-cwId-&apos;.</source>
        <translation>O nome da instância não pode conter &apos;-cwId-&apos;.</translation>
    </message>
    <message>
        <source>This chip was deleted; it can no longer be changed.</source>
        <translation>Este chip foi excluído; ele não pode mais ser alterado.</translation>
    </message>
    <message>
        <source>Only a connected instance can be restarted. Use Reconnect to get a new QR code.</source>
        <translation>Só uma instância conectada pode ser reiniciada. Use Reconectar para obter um novo QR code.</translation>
    </message>
    <message>
        <source>The phone {phone} already has a chip.</source>
        <translation>O telefone {phone} já tem um chip.</translation>
    </message>
    <message>
        <source>The instance name “{name}” is already in use.</source>
        <translation>O nome de instância “{name}” já está em uso.</translation>
    </message>
    <message>
        <source>The database could not record “{name}”, so the instance was removed again. Try again.</source>
        <translation>O banco de dados não conseguiu registrar “{name}”, por isso a instância foi removida. Tente novamente.</translation>
    </message>
    <message>
        <source>The database could not record “{name}” and the instance could not be removed. It will show up as an unknown instance after the next refresh.</source>
        <translation>O banco de dados não conseguiu registrar “{name}” e não foi possível remover a instância. Ela aparecerá como instância desconhecida após a próxima atualização.</translation>
    </message>
    <message>
        <source>The server already has an instance with this name (it may still be being deleted). Wait a moment or choose another name.</source>
        <translation>O servidor já tem uma instância com este nome (talvez ela ainda esteja sendo excluída). Aguarde um momento ou escolha outro nome.</translation>
    </message>
    <message>
        <source>Someone else changed this chip a moment ago. The list was refreshed; check it and try again.</source>
        <translation>Outra pessoa alterou este chip há pouco. A lista foi atualizada; confira e tente novamente.</translation>
    </message>
    <message>
        <source>This chip no longer exists in the database.</source>
        <translation>Este chip não existe mais no banco de dados.</translation>
    </message>
    <message>
        <source>Another chip already uses this phone or instance name.</source>
        <translation>Outro chip já usa este telefone ou nome de instância.</translation>
    </message>
    <message>
        <source>The database is unavailable: {reason}</source>
        <translation>O banco de dados está indisponível: {reason}</translation>
    </message>
    <message>
        <source>Database error: {reason}</source>
        <translation>Erro no banco de dados: {reason}</translation>
    </message>
    <message>
        <source>The server refused the API key (401). Check the key in Settings.</source>
        <translation>O servidor recusou a chave da API (401). Confira a chave em Configurações.</translation>
    </message>
    <message>
        <source>The server already has an instance with this name. Choose another name.</source>
        <translation>O servidor já tem uma instância com este nome. Escolha outro nome.</translation>
    </message>
    <message>
        <source>The instance does not exist on the server.</source>
        <translation>A instância não existe no servidor.</translation>
    </message>
    <message>
        <source>The instance is not connected.</source>
        <translation>A instância não está conectada.</translation>
    </message>
    <message>
        <source>The server is not answering; evodesk will try again shortly.</source>
        <translation>O servidor não está respondendo; o evodesk tentará de novo em instantes.</translation>
    </message>
    <message>
        <source>The server is unavailable: {reason}</source>
        <translation>O servidor está indisponível: {reason}</translation>
    </message>
    <message>
        <source>The server refused the request: {reason}</source>
        <translation>O servidor recusou a solicitação: {reason}</translation>
    </message>
    <message>
        <source>Invalid setting: {reason}</source>
        <translation>Configuração inválida: {reason}</translation>
    </message>
    <message>
        <source>Unexpected error: {reason}</source>
        <translation>Erro inesperado: {reason}</translation>
    </message>
    <message>
        <source>The server has not produced a QR code for {seconds} seconds. It may be unable to reach WhatsApp: check the server&apos;s version and its WhatsApp Web version setting.</source>
        <translation>O servidor não gera um QR code há {seconds} segundos. Talvez ele não consiga acessar o WhatsApp: confira a versão do servidor e a configuração de versão do WhatsApp Web.</translation>
    </message>
    <message>
        <source>The server stopped offering QR codes (limit reached). Press Retry to start again.</source>
        <translation>O servidor parou de oferecer QR codes (limite atingido). Clique em Tentar novamente para recomeçar.</translation>
    </message>
    <message>
        <source>The server closed this connection attempt. Press Retry to get a new QR code.</source>
        <translation>O servidor encerrou esta tentativa de conexão. Clique em Tentar novamente para obter um novo QR code.</translation>
    </message>
    <message>
        <source>The server does not have this instance loaded (it may have restarted). Press Retry.</source>
        <translation>O servidor não está com esta instância carregada (talvez tenha sido reiniciado). Clique em Tentar novamente.</translation>
    </message>
</context>
<context>
    <name>QrCodeDialog</name>
    <message>
        <source>Link WhatsApp — {phone} ({instance})</source>
        <extracomment>How long &quot;Connected&quot; stays on screen before the dialog closes itself. Emitted once with the updated ``Chip`` when the phone has linked the instance.</extracomment>
        <translation>Conectar WhatsApp — {phone} ({instance})</translation>
    </message>
    <message>
        <source>Fetching the QR code…</source>
        <translation>Obtendo o QR code…</translation>
    </message>
    <message>
        <source>QR code</source>
        <translation>QR code</translation>
    </message>
    <message>
        <source>Pairing code</source>
        <translation>Código de pareamento</translation>
    </message>
    <message>
        <source>Refresh QR code</source>
        <translation>Atualizar QR code</translation>
    </message>
    <message>
        <source>Ask the server for the current QR code now (F5)</source>
        <translation>Pedir agora ao servidor o QR code atual (F5)</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Tentar novamente</translation>
    </message>
    <message>
        <source>Start a new connection attempt on the server</source>
        <translation>Iniciar uma nova tentativa de conexão no servidor</translation>
    </message>
    <message>
        <source>Simulate scan (demo)</source>
        <translation>Simular escaneamento (demo)</translation>
    </message>
    <message>
        <source>Demo mode: pretend a phone scanned this QR code</source>
        <translation>Modo de demonstração: simula que um celular escaneou este QR code</translation>
    </message>
    <message>
        <source>How to link this number</source>
        <translation>Como conectar este número</translation>
    </message>
    <message>
        <source>Open WhatsApp on the phone</source>
        <translation>Abra o WhatsApp no celular</translation>
    </message>
    <message>
        <source>Tap ⋮ (Android) or Settings (iPhone)</source>
        <translation>Toque em ⋮ (Android) ou em Configurações (iPhone)</translation>
    </message>
    <message>
        <source>Tap Linked devices → Link a device</source>
        <translation>Toque em Dispositivos conectados → Conectar dispositivo</translation>
    </message>
    <message>
        <source>Point the phone at this QR code</source>
        <translation>Aponte a câmera do celular para este QR code</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Link with the phone number instead</source>
        <translation>Conectar com o número de telefone</translation>
    </message>
    <message>
        <source>Tap “Link with phone number instead” and type this code</source>
        <translation>Toque em “Conectar com número de telefone” e digite este código</translation>
    </message>
    <message>
        <source>Instead of scanning, the phone can type an 8-character pairing code. The server issues one for the number below, but only when a connection attempt starts from a closed state (for example after the QR limit was reached); while a QR code is being offered it ignores the request.</source>
        <translation>Em vez de escanear, é possível digitar no celular um código de pareamento de 8 caracteres. O servidor emite um código para o número abaixo, mas só quando uma tentativa de conexão começa do zero (por exemplo, depois que o limite de QR foi atingido); enquanto um QR code estiver sendo oferecido, o pedido é ignorado.</translation>
    </message>
    <message>
        <source>Phone number with area code</source>
        <translation>Número de telefone com DDD</translation>
    </message>
    <message>
        <source>Get pairing code</source>
        <translation>Obter código de pareamento</translation>
    </message>
    <message>
        <source>Phone number:</source>
        <translation>Número de telefone:</translation>
    </message>
    <message>
        <source>Requesting a QR code…</source>
        <translation>Solicitando um QR code…</translation>
    </message>
    <message>
        <source>Starting a new attempt…</source>
        <translation>Iniciando uma nova tentativa…</translation>
    </message>
    <message>
        <source>Asking the server for a pairing code…</source>
        <translation>Pedindo ao servidor um código de pareamento…</translation>
    </message>
    <message>
        <source>Requesting a pairing code…</source>
        <translation>Solicitando um código de pareamento…</translation>
    </message>
    <message>
        <source>The simulator could not scan: {reason}</source>
        <translation>O simulador não conseguiu escanear: {reason}</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copiado</translation>
    </message>
    <message>
        <source>Scan the QR code or type the pairing code</source>
        <translation>Escaneie o QR code ou digite o código de pareamento</translation>
    </message>
    <message>
        <source>Scan the QR code</source>
        <translation>Escaneie o QR code</translation>
    </message>
    <message>
        <source>This attempt uses a pairing code: see the Pairing code tab.</source>
        <translation>Esta tentativa usa um código de pareamento: veja a aba Código de pareamento.</translation>
    </message>
    <message>
        <source>Waiting for QR…</source>
        <translation>Aguardando o QR code…</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Expirado</translation>
    </message>
    <message>
        <source>This QR code has expired.
Press “Refresh QR code” (F5) to get a new one.</source>
        <translation>Este QR code expirou.
Clique em “Atualizar QR code” (F5) para obter um novo.</translation>
    </message>
    <message>
        <source>QR limit reached</source>
        <translation>Limite de QR atingido</translation>
    </message>
    <message>
        <source>Connection attempt closed</source>
        <translation>Tentativa de conexão encerrada</translation>
    </message>
    <message>
        <source>No QR code.
Press Retry to start a new attempt.</source>
        <translation>Sem QR code.
Clique em Tentar novamente para recomeçar.</translation>
    </message>
    <message>
        <source>the server gave no reason</source>
        <translation>o servidor não informou o motivo</translation>
    </message>
    <message>
        <source>Waiting for the server&apos;s QR code…</source>
        <translation>Aguardando o QR code do servidor…</translation>
    </message>
    <message>
        <source>Error: {reason}</source>
        <translation>Erro: {reason}</translation>
    </message>
    <message>
        <source>No QR code while the server cannot be reached.</source>
        <translation>Sem QR code enquanto o servidor estiver inacessível.</translation>
    </message>
    <message>
        <source>evodesk keeps trying every {seconds} s. Press Retry to start a new attempt now.</source>
        <translation>O evodesk continua tentando a cada {seconds} s. Clique em Tentar novamente para recomeçar agora.</translation>
    </message>
    <message>
        <source>The server answered with a QR code but no pairing code: this attempt was already running, so it ignored the number. Scan the QR code, or ask again once the attempt has ended.</source>
        <translation>O servidor respondeu com um QR code, mas sem código de pareamento: esta tentativa já estava em andamento, por isso o número foi ignorado. Escaneie o QR code ou peça de novo quando a tentativa terminar.</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Conectado</translation>
    </message>
    <message>
        <source>✔ Connected
{name}</source>
        <translation>✔ Conectado
{name}</translation>
    </message>
    <message>
        <source>Waiting for {seconds} s</source>
        <translation>Aguardando há {seconds} s</translation>
    </message>
    <message>
        <source>Expires in {seconds} s (refreshes automatically)</source>
        <translation>Expira em {seconds} s (renovação automática)</translation>
    </message>
    <message>
        <source>Fetching the next code…</source>
        <translation>Obtendo o próximo código…</translation>
    </message>
    <message>
        <source>Attempt {n} of {limit}</source>
        <translation>Tentativa {n} de {limit}</translation>
    </message>
</context>
<context>
    <name>QrCodeWidget</name>
    <message>
        <source>QR code to scan with WhatsApp</source>
        <extracomment>Modules of white around the code; the QR specification asks for four. Large enough to scan from a workstation screen at arm&apos;s length.</extracomment>
        <translation>QR code para escanear com o WhatsApp</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Server settings</source>
        <translation>Configurações do servidor</translation>
    </message>
    <message>
        <source>This address uses plain http:// to another machine: the API key would travel unencrypted. Use https:// unless the network between you and the server is trusted.</source>
        <translation>Este endereço usa http:// sem criptografia até outra máquina: a chave da API trafegaria sem proteção. Use https://, a menos que a rede entre você e o servidor seja confiável.</translation>
    </message>
    <message>
        <source>The server&apos;s global API key (AUTHENTICATION_API_KEY)</source>
        <translation>Chave global da API do servidor (AUTHENTICATION_API_KEY)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Show or hide the API key</source>
        <translation>Mostrar ou ocultar a chave da API</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Copy the API key to the clipboard</source>
        <translation>Copiar a chave da API para a área de transferência</translation>
    </message>
    <message>
        <source>The API key is kept in the system keyring, not in a file.</source>
        <translation>A chave da API fica guardada no chaveiro do sistema, não em um arquivo.</translation>
    </message>
    <message>
        <source>No system keyring is available, so the API key is kept in the settings file {path}, readable only by your user account.</source>
        <translation>Não há chaveiro do sistema disponível, por isso a chave da API fica no arquivo de configurações {path}, que só a sua conta de usuário pode ler.</translation>
    </message>
    <message>
        <source>Database: {url}</source>
        <translation>Banco de dados: {url}</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Testar conexão</translation>
    </message>
    <message>
        <source>Server &amp;URL:</source>
        <translation>&amp;URL do servidor:</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>&amp;Chave da API:</translation>
    </message>
    <message>
        <source>evodesk manages the instances of one Evolution API server. Ask its administrator for the server address and the global API key.</source>
        <translation>O evodesk gerencia as instâncias de um servidor da Evolution API. Peça ao administrador o endereço do servidor e a chave global da API.</translation>
    </message>
    <message>
        <source>{variable} is set in the environment</source>
        <translation>{variable} está definida no ambiente</translation>
    </message>
    <message>
        <source>{flag} was given on the command line</source>
        <translation>{flag} foi informado na linha de comando</translation>
    </message>
    <message>
        <source>Note: {which}; that value wins over the one saved here.</source>
        <translation>Observação: {which}; esse valor tem prioridade sobre o salvo aqui.</translation>
    </message>
    <message>
        <source>Type the API key.</source>
        <translation>Digite a chave da API.</translation>
    </message>
    <message>
        <source>The API key may contain only printable characters, no spaces.</source>
        <translation>A chave da API só pode conter caracteres imprimíveis, sem espaços.</translation>
    </message>
    <message>
        <source>API key copied to the clipboard.</source>
        <translation>Chave da API copiada para a área de transferência.</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Ocultar</translation>
    </message>
    <message>
        <source>Testing {url}…</source>
        <translation>Testando {url}…</translation>
    </message>
    <message>
        <source>Connected: Evolution API {version}. The API key is accepted.</source>
        <translation>Conectado: Evolution API {version}. A chave da API foi aceita.</translation>
    </message>
    <message>
        <source>The settings could not be saved to {path}: {reason}</source>
        <translation>Não foi possível salvar as configurações em {path}: {reason}</translation>
    </message>
</context>
<context>
    <name>StatusBanner</name>
    <message>
        <source>Retry now</source>
        <translation>Tentar agora</translation>
    </message>
    <message>
        <source>Trying again now…</source>
        <translation>Tentando novamente…</translation>
    </message>
    <message>
        <source>evodesk keeps trying automatically.</source>
        <translation>O evodesk continua tentando automaticamente.</translation>
    </message>
    <message>
        <source>Next attempt at {time} (in {seconds} s). The chips below are from the database.</source>
        <translation>Próxima tentativa às {time} (em {seconds} s). Os chips abaixo vêm do banco de dados.</translation>
    </message>
</context>
</TS>
