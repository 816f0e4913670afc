<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About evodesk</source>
        <translation>Sobre o evodesk</translation>
    </message>
    <message>
        <source>evodesk {version}</source>
        <translation>evodesk {version}</translation>
    </message>
    <message>
        <source>Manages the WhatsApp numbers (chips) of an Evolution API server.</source>
        <translation>Gerencia os números de WhatsApp (chips) de um servidor da Evolution API.</translation>
    </message>
    <message>
        <source>Server: {url}</source>
        <translation>Servidor: {url}</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>não configurado</translation>
    </message>
    <message>
        <source>Evolution API version: {version}</source>
        <translation>Versão da Evolution API: {version}</translation>
    </message>
    <message>
        <source>unknown (the server has not answered)</source>
        <translation>desconhecida (o servidor não respondeu)</translation>
    </message>
    <message>
        <source>Database: {kind} — {url}</source>
        <translation>Banco de dados: {kind} — {url}</translation>
    </message>
    <message>
        <source>Database: not open</source>
        <translation>Banco de dados: não aberto</translation>
    </message>
    <message>
        <source>Qt {qt}, PySide6 {pyside}, Python {python}</source>
        <translation>Qt {qt}, PySide6 {pyside}, Python {python}</translation>
    </message>
    <message>
        <source>evodesk is MIT-licensed. It bundles these libraries, under their licences:</source>
        <translation>O evodesk tem licença MIT. Ele inclui estas bibliotecas, sob as licenças delas:</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Biblioteca</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Versão</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Licença</translation>
    </message>
</context>
<context>
    <name>ActionsController</name>
    <message>
        <source>Another action on several chips is still running.</source>
        <translation>Outra ação em vários chips ainda está em andamento.</translation>
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
</context>
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
    <name>AuditTableModel</name>
    <message>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Computador</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefone</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>Instância</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Ação</translation>
    </message>
    <message>
        <source>Status before</source>
        <translation>Antes</translation>
    </message>
    <message>
        <source>Status after</source>
        <translation>Depois</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalhes</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>Audit trail</source>
        <translation>Histórico de ações</translation>
    </message>
    <message>
        <source>Phone, instance or profile</source>
        <translation>Telefone, instância ou perfil</translation>
    </message>
    <message>
        <source>Any operator</source>
        <translation>Qualquer operador</translation>
    </message>
    <message>
        <source>Chip:</source>
        <translation>Chip:</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>Operador:</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>De:</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>Até:</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <source>Save the events listed (current filter) as a CSV file for Excel</source>
        <translation>Salvar os eventos listados (filtro atual) em um arquivo CSV para o Excel</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Carregando…</translation>
    </message>
    <message>
        <source>The audit trail cannot be read: {reason}</source>
        <translation>Não foi possível ler o histórico de ações: {reason}</translation>
    </message>
    <message numerus="yes">
        <source>Showing the newest %n event(s); narrow the dates to see older ones.</source>
        <translation>
            <numerusform>Mostrando o %n evento mais recente; restrinja as datas para ver os mais antigos.</numerusform>
            <numerusform>Mostrando os %n eventos mais recentes; restrinja as datas para ver os mais antigos.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n evento</numerusform>
            <numerusform>%n eventos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) saved to {path}</source>
        <translation>
            <numerusform>%n evento salvo em {path}</numerusform>
            <numerusform>%n eventos salvos em {path}</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the audit trail</source>
        <translation>Exportar o histórico de ações</translation>
    </message>
    <message>
        <source>Saving {path}…</source>
        <translation>Salvando {path}…</translation>
    </message>
    <message>
        <source>Could not save {path}: {reason}</source>
        <translation>Não foi possível salvar {path}: {reason}</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Criado</translation>
    </message>
    <message>
        <source>Disconnected by an operator</source>
        <translation>Desconectado por um operador</translation>
    </message>
    <message>
        <source>Reconnect (new QR code)</source>
        <translation>Reconexão (novo QR code)</translation>
    </message>
    <message>
        <source>Restarted</source>
        <translation>Reiniciado</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Excluído</translation>
    </message>
    <message>
        <source>Updated from the server</source>
        <translation>Atualizado pelo servidor</translation>
    </message>
    <message>
        <source>Connected (QR code scanned)</source>
        <translation>Conectado (QR code escaneado)</translation>
    </message>
    <message>
        <source>QR code limit reached</source>
        <translation>Limite de QR codes atingido</translation>
    </message>
    <message>
        <source>Instance created again</source>
        <translation>Instância criada de novo</translation>
    </message>
    <message>
        <source>Adopted from the server</source>
        <translation>Cadastrado a partir do servidor</translation>
    </message>
    <message>
        <source>Marked cancelled (instance gone)</source>
        <translation>Marcado como cancelado (instância removida)</translation>
    </message>
    <message>
        <source>Live state checked</source>
        <translation>Estado real verificado</translation>
    </message>
    <message>
        <source>Connection dropped</source>
        <translation>Conexão caiu</translation>
    </message>
    <message>
        <source>Status set by an operator</source>
        <translation>Status definido por um operador</translation>
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
        <source>Reason code</source>
        <translation>Código do motivo</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Perfil</translation>
    </message>
    <message>
        <source>WhatsApp account</source>
        <translation>Conta do WhatsApp</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>conectado</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>desconectado</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>conectando</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconhecido</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Quando</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Computador</translation>
    </message>
    <message>
        <source>Phone (E.164)</source>
        <translation>Telefone (E.164)</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefone</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>Instância</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Ação</translation>
    </message>
    <message>
        <source>Status before</source>
        <translation>Antes</translation>
    </message>
    <message>
        <source>Status after</source>
        <translation>Depois</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalhes</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Arquivos CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>BulkDialog</name>
    <message>
        <source>%v of %m</source>
        <translation>%v de %m</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Stop after the chip being worked on</source>
        <translation>Parar depois do chip em andamento</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>Iniciando…</translation>
    </message>
    <message numerus="yes">
        <source>%n done</source>
        <translation>
            <numerusform>%n concluído</numerusform>
            <numerusform>%n concluídos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n com falha</numerusform>
            <numerusform>%n com falha</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n done on the server but not recorded</source>
        <translation>
            <numerusform>%n feito no servidor, mas não registrado</numerusform>
            <numerusform>%n feitos no servidor, mas não registrados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n skipped</source>
        <translation>
            <numerusform>%n ignorado</numerusform>
            <numerusform>%n ignorados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not done (cancelled)</source>
        <translation>
            <numerusform>%n não feito (operação cancelada)</numerusform>
            <numerusform>%n não feitos (operação cancelada)</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled. The chips below say what was done.</source>
        <translation>Cancelado. Os chips abaixo mostram o que foi feito.</translation>
    </message>
    <message>
        <source>Finished with problems: see the chips marked below.</source>
        <translation>Concluído com problemas: veja os chips marcados abaixo.</translation>
    </message>
    <message>
        <source>Finished: every chip done.</source>
        <translation>Concluído: todos os chips foram processados.</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <source>Disconnect chips</source>
        <translation>Desconectar chips</translation>
    </message>
    <message>
        <source>Disconnecting {index} of {total}: “{instance}”…</source>
        <translation>Desconectando {index} de {total}: “{instance}”…</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>Desconectado</translation>
    </message>
    <message>
        <source>Restart chips</source>
        <translation>Reiniciar chips</translation>
    </message>
    <message>
        <source>Restarting {index} of {total}: “{instance}”…</source>
        <translation>Reiniciando {index} de {total}: “{instance}”…</translation>
    </message>
    <message>
        <source>Restarted</source>
        <translation>Reiniciado</translation>
    </message>
    <message>
        <source>Delete chips</source>
        <translation>Excluir chips</translation>
    </message>
    <message>
        <source>Deleting {index} of {total}: “{instance}”…</source>
        <translation>Excluindo {index} de {total}: “{instance}”…</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Excluído</translation>
    </message>
    <message>
        <source>Skipped: no longer applies to this chip&apos;s state</source>
        <translation>Ignorado: não se aplica mais ao estado deste chip</translation>
    </message>
    <message>
        <source>Not done: cancelled before this chip</source>
        <translation>Não feito: cancelado antes deste chip</translation>
    </message>
</context>
<context>
    <name>BulkResultModel</name>
    <message>
        <source>Phone</source>
        <translation>Telefone</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>Instância</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
</context>
<context>
    <name>ChipActions</name>
    <message>
        <source>Delete chip</source>
        <translation>Excluir chip</translation>
    </message>
    <message>
        <source>Delete {phone} (instance “{instance}”)?</source>
        <translation>Excluir {phone} (instância “{instance}”)?</translation>
    </message>
    <message>
        <source>The instance is removed from the Evolution server and the chip is marked cancelled. Its history stays in the database. This cannot be undone.</source>
        <translation>A instância é removida do servidor da Evolution e o chip é marcado como cancelado. O histórico continua no banco de dados. Esta ação não pode ser desfeita.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Excluir</translation>
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
        <source>The instance stays on the server and the chip goes back to pending. Connecting it again needs a new QR code scan.</source>
        <translation>A instância continua no servidor e o chip volta para pendente. Para conectá-lo de novo, será preciso escanear um novo QR code.</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Desconectar</translation>
    </message>
    <message>
        <source>Delete chips</source>
        <translation>Excluir chips</translation>
    </message>
    <message numerus="yes">
        <source>Delete these %n chip(s)?</source>
        <translation>
            <numerusform>Excluir %n chip?</numerusform>
            <numerusform>Excluir estes %n chips?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n chip(s)</source>
        <translation>
            <numerusform>Excluir %n chip</numerusform>
            <numerusform>Excluir %n chips</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Disconnect these %n chip(s)?</source>
        <translation>
            <numerusform>Desconectar %n chip?</numerusform>
            <numerusform>Desconectar estes %n chips?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Disconnect %n chip(s)</source>
        <translation>
            <numerusform>Desconectar %n chip</numerusform>
            <numerusform>Desconectar %n chips</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Restart these %n chip(s)?</source>
        <translation>
            <numerusform>Reiniciar %n chip?</numerusform>
            <numerusform>Reiniciar estes %n chips?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Restart %n chip(s)</source>
        <translation>
            <numerusform>Reiniciar %n chip</numerusform>
            <numerusform>Reiniciar %n chips</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… e mais %n</numerusform>
            <numerusform>… e mais %n</numerusform>
        </translation>
    </message>
    <message>
        <source>The instances are removed from the Evolution server and the chips are marked cancelled. Their history stays in the database. This cannot be undone.</source>
        <translation>As instâncias são removidas do servidor da Evolution e os chips são marcados como cancelados. O histórico continua no banco de dados. Esta ação não pode ser desfeita.</translation>
    </message>
    <message>
        <source>Disconnect chips</source>
        <translation>Desconectar chips</translation>
    </message>
    <message>
        <source>WhatsApp is logged out on each; the instances stay on the server and the chips go back to pending. Connecting them again needs a new QR code scan.</source>
        <translation>O WhatsApp é desconectado em cada um; as instâncias continuam no servidor e os chips voltam para pendente. Para conectá-los de novo, será preciso escanear um novo QR code.</translation>
    </message>
    <message>
        <source>Restart chips</source>
        <translation>Reiniciar chips</translation>
    </message>
    <message>
        <source>Each WhatsApp session is closed and opened again; messages pause for a few seconds.</source>
        <translation>Cada sessão do WhatsApp é fechada e aberta de novo; as mensagens param por alguns segundos.</translation>
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
</context>
<context>
    <name>ChipSettings</name>
    <message>
        <source>An enabled proxy needs a host.</source>
        <translation>Um proxy ativado precisa de um host.</translation>
    </message>
    <message>
        <source>The proxy host must be a host name or an IP address only (no “http://”, no path).</source>
        <translation>O host do proxy deve ser apenas um nome de host ou um endereço IP (sem “http://”, sem caminho).</translation>
    </message>
    <message>
        <source>The proxy port must be a number from 1 to 65535.</source>
        <translation>A porta do proxy deve ser um número de 1 a 65535.</translation>
    </message>
    <message>
        <source>An enabled proxy needs a port.</source>
        <translation>Um proxy ativado precisa de uma porta.</translation>
    </message>
    <message>
        <source>Choose the proxy protocol from the list.</source>
        <translation>Escolha o protocolo do proxy na lista.</translation>
    </message>
    <message>
        <source>The proxy user is too long or has control characters.</source>
        <translation>O usuário do proxy é longo demais ou tem caracteres de controle.</translation>
    </message>
    <message>
        <source>The proxy password is too long or has control characters.</source>
        <translation>A senha do proxy é longa demais ou tem caracteres de controle.</translation>
    </message>
    <message>
        <source>The profile name cannot be empty.</source>
        <translation>O nome do perfil não pode ficar vazio.</translation>
    </message>
    <message>
        <source>The profile name may have at most 25 characters.</source>
        <translation>O nome do perfil pode ter no máximo 25 caracteres.</translation>
    </message>
    <message>
        <source>The profile status may have at most 139 characters.</source>
        <translation>O recado do perfil pode ter no máximo 139 caracteres.</translation>
    </message>
    <message>
        <source>The call rejection message may have at most 1000 characters.</source>
        <translation>A mensagem de recusa de chamadas pode ter no máximo 1000 caracteres.</translation>
    </message>
    <message>
        <source>The server refused the proxy {host}:{port}. The Evolution server tests every proxy itself: it fetches a public address once directly and once through the proxy. A server without direct internet access, or one that cannot reach this proxy, refuses every proxy this way, even one that works from your computer.</source>
        <translation>O servidor recusou o proxy {host}:{port}. O próprio servidor Evolution testa cada proxy: ele consulta um endereço público uma vez diretamente e outra pelo proxy. Um servidor sem acesso direto à internet, ou que não alcança este proxy, recusa qualquer proxy assim, mesmo um que funcione no seu computador.</translation>
    </message>
    <message>
        <source>The profile can only be changed while the chip is connected. Nothing was changed on this chip.</source>
        <translation>O perfil só pode ser alterado com o chip conectado. Nada foi alterado neste chip.</translation>
    </message>
    <message>
        <source>Only a connected instance can be restarted; it takes the new settings when it next connects.</source>
        <translation>Só uma instância conectada pode ser reiniciada; ela usará as novas configurações quando conectar de novo.</translation>
    </message>
    <message>
        <source>This chip was deleted; it can no longer be changed.</source>
        <translation>Este chip foi excluído; ele não pode mais ser alterado.</translation>
    </message>
    <message>
        <source>“Always online” is read when the connection opens</source>
        <translation>“Sempre online” é lido quando a conexão abre</translation>
    </message>
    <message>
        <source>“Sync full history” is read when the connection opens</source>
        <translation>“Sincronizar histórico completo” é lido quando a conexão abre</translation>
    </message>
    <message>
        <source>the proxy is used only by a new connection</source>
        <translation>o proxy só é usado por uma nova conexão</translation>
    </message>
    <message numerus="yes">
        <source>Restart %n connected chip(s) now to use the new settings?</source>
        <translation>
            <numerusform>Reiniciar agora %n chip conectado para usar as novas configurações?</numerusform>
            <numerusform>Reiniciar agora %n chips conectados para usar as novas configurações?</numerusform>
        </translation>
    </message>
    <message>
        <source>The changes are saved, but a connected chip uses them only after a restart:</source>
        <translation>As alterações foram salvas, mas um chip conectado só as usa depois de reiniciar:</translation>
    </message>
    <message>
        <source>A restart closes and reopens the WhatsApp session; messages pause for a few seconds.</source>
        <translation>Reiniciar fecha e reabre a sessão do WhatsApp; as mensagens param por alguns segundos.</translation>
    </message>
    <message>
        <source>Restarted</source>
        <translation>Reiniciado</translation>
    </message>
    <message numerus="yes">
        <source>Saved (%n change(s))</source>
        <translation>
            <numerusform>Salvo (%n alteração)</numerusform>
            <numerusform>Salvo (%n alterações)</numerusform>
        </translation>
    </message>
    <message>
        <source>restart needed</source>
        <translation>requer reinício</translation>
    </message>
    <message>
        <source>Already set: nothing sent</source>
        <translation>Já estava assim: nada enviado</translation>
    </message>
    <message>
        <source>Not started (cancelled)</source>
        <translation>Não iniciado (cancelado)</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Falhou</translation>
    </message>
    <message numerus="yes">
        <source>%n saved</source>
        <translation>
            <numerusform>%n salvo</numerusform>
            <numerusform>%n salvos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already set</source>
        <translation>
            <numerusform>%n já estava assim</numerusform>
            <numerusform>%n já estavam assim</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n com falha</numerusform>
            <numerusform>%n com falha</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not started</source>
        <translation>
            <numerusform>%n não iniciado</numerusform>
            <numerusform>%n não iniciados</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChipSettingsDialog</name>
    <message numerus="yes">
        <source>Settings of %n chip(s)</source>
        <translation>
            <numerusform>Configurações de %n chip</numerusform>
            <numerusform>Configurações de %n chips</numerusform>
        </translation>
    </message>
    <message>
        <source>Chip settings: {instance}</source>
        <translation>Configurações do chip: {instance}</translation>
    </message>
    <message numerus="yes">
        <source>The changes apply to each of the %n selected chip(s); what you leave alone stays as it is.</source>
        <translation>
            <numerusform>As alterações valem para %n chip selecionado; o que você não mexer fica como está.</numerusform>
            <numerusform>As alterações valem para cada um dos %n chips selecionados; o que você não mexer fica como está.</numerusform>
        </translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>Tentar de novo os que falharam</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>Reiniciar agora</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Parar</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Salvar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>Instância</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Reading the chip&apos;s current settings from the server…</source>
        <translation>Lendo as configurações atuais do chip no servidor…</translation>
    </message>
    <message>
        <source>The current settings could not be read: {error}</source>
        <translation>Não foi possível ler as configurações atuais: {error}</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Nada foi alterado.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Salvando…</translation>
    </message>
    <message>
        <source>The server already had these values: nothing was sent.</source>
        <translation>O servidor já tinha esses valores: nada foi enviado.</translation>
    </message>
    <message>
        <source>Apply settings</source>
        <translation>Aplicar configurações</translation>
    </message>
    <message numerus="yes">
        <source>Apply these changes to %n chip(s)?</source>
        <translation>
            <numerusform>Aplicar estas alterações a %n chip?</numerusform>
            <numerusform>Aplicar estas alterações a %n chips?</numerusform>
        </translation>
    </message>
    <message>
        <source>Fields you left alone keep each chip&apos;s own value.</source>
        <translation>Os campos que você não mexeu mantêm o valor de cada chip.</translation>
    </message>
    <message numerus="yes">
        <source>Apply to %n chip(s)</source>
        <translation>
            <numerusform>Aplicar a %n chip</numerusform>
            <numerusform>Aplicar a %n chips</numerusform>
        </translation>
    </message>
    <message>
        <source>Restart needed</source>
        <translation>Reinício necessário</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Depois</translation>
    </message>
    <message>
        <source>Waiting…</source>
        <translation>Aguardando…</translation>
    </message>
    <message>
        <source>Restarting…</source>
        <translation>Reiniciando…</translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation>Aplicando…</translation>
    </message>
    <message>
        <source>Stopping after the chips already under way…</source>
        <translation>Parando depois dos chips já em andamento…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
    <message>
        <source>Finished with problems: see each chip&apos;s line.</source>
        <translation>Terminou com problemas: veja a linha de cada chip.</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Concluído.</translation>
    </message>
    <message numerus="yes">
        <source>%n chip(s) could not be restarted.</source>
        <translation>
            <numerusform>%n chip não pôde ser reiniciado.</numerusform>
            <numerusform>%n chips não puderam ser reiniciados.</numerusform>
        </translation>
    </message>
    <message>
        <source>Restarted.</source>
        <translation>Reiniciados.</translation>
    </message>
</context>
<context>
    <name>ChipSettingsForm</name>
    <message>
        <source>(keep each chip&apos;s own)</source>
        <translation>(manter o de cada chip)</translation>
    </message>
    <message>
        <source>Behaviour</source>
        <translation>Comportamento</translation>
    </message>
    <message>
        <source>A connected chip takes this after a restart.</source>
        <translation>Um chip conectado só aplica isto depois de reiniciar.</translation>
    </message>
    <message>
        <source>Reject calls</source>
        <translation>Recusar chamadas</translation>
    </message>
    <message>
        <source>Message sent to whoever calls (optional)</source>
        <translation>Mensagem enviada a quem ligar (opcional)</translation>
    </message>
    <message>
        <source>Ignore group messages</source>
        <translation>Ignorar mensagens de grupos</translation>
    </message>
    <message>
        <source>Always online</source>
        <translation>Sempre online</translation>
    </message>
    <message>
        <source>Mark messages as read</source>
        <translation>Marcar mensagens como lidas</translation>
    </message>
    <message>
        <source>Mark status updates as seen</source>
        <translation>Marcar status como vistos</translation>
    </message>
    <message>
        <source>Sync full history on connect</source>
        <translation>Sincronizar histórico completo ao conectar</translation>
    </message>
    <message>
        <source>A partly checked box keeps each chip&apos;s own value.</source>
        <translation>Uma caixa parcialmente marcada mantém o valor de cada chip.</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>Use a proxy</source>
        <translation>Usar um proxy</translation>
    </message>
    <message>
        <source>proxy.example.com or 203.0.113.7</source>
        <translation>proxy.exemplo.com ou 203.0.113.7</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Show what you typed (the saved password is never shown)</source>
        <translation>Mostrar o que você digitou (a senha salva nunca é mostrada)</translation>
    </message>
    <message>
        <source>Remove the saved password</source>
        <translation>Remover a senha salva</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>Host:</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Porta:</translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation>Protocolo:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Usuário:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Senha:</translation>
    </message>
    <message>
        <source>The Evolution server tests the proxy from itself before it accepts it: a server without direct internet access refuses every proxy.</source>
        <translation>O servidor Evolution testa o proxy a partir dele mesmo antes de aceitá-lo: um servidor sem acesso direto à internet recusa qualquer proxy.</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Perfil</translation>
    </message>
    <message>
        <source>(unchanged)</source>
        <translation>(sem alteração)</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nome:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Recado:</translation>
    </message>
    <message>
        <source>Only a connected chip&apos;s profile can be changed.</source>
        <translation>Só o perfil de um chip conectado pode ser alterado.</translation>
    </message>
    <message>
        <source>(each chip keeps its own name)</source>
        <translation>(cada chip mantém o próprio nome)</translation>
    </message>
    <message>
        <source>A status typed here goes to every selected chip that is connected; the others fail.</source>
        <translation>Um recado digitado aqui vai para cada chip selecionado que estiver conectado; os outros falham.</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Ocultar</translation>
    </message>
    <message>
        <source>Saved (hidden): type to replace it</source>
        <translation>Salva (oculta): digite para substituí-la</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(nenhuma)</translation>
    </message>
</context>
<context>
    <name>ChipsPage</name>
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
    <message numerus="yes">
        <source>%n connected</source>
        <translation>
            <numerusform>%n conectado</numerusform>
            <numerusform>%n conectados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n need(s) attention</source>
        <translation>
            <numerusform>%n precisa de atenção</numerusform>
            <numerusform>%n precisam de atenção</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n pendente</numerusform>
            <numerusform>%n pendentes</numerusform>
        </translation>
    </message>
    <message>
        <source>{total} chips: {connected} connected, {attention} need attention, {pending} pending, {warming} warming, {active} active, {cancelled} deleted (hidden unless filtered)</source>
        <translation>Chips: {total} — conectados: {connected}, precisam de atenção: {attention}, pendentes: {pending}, aquecendo: {warming}, ativos: {active}, excluídos: {cancelled} (ocultos, exceto com o filtro Cancelado)</translation>
    </message>
</context>
<context>
    <name>ChipsTableModel</name>
    <message>
        <source>Phone</source>
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
        <translation>Conexão do WhatsApp, conforme a última informação do servidor</translation>
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
        <source>Deleted</source>
        <translation>Excluído</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Conectado</translation>
    </message>
    <message>
        <source>Not linked yet</source>
        <translation>Ainda não vinculado</translation>
    </message>
    <message>
        <source>Not linked yet: the server offers QR codes until one is scanned or its limit is reached — use Reconnect to show the QR code</source>
        <translation>Ainda não vinculado: o servidor oferece QR codes até um ser escaneado ou o limite ser atingido — use Reconectar para mostrar o QR code</translation>
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
    <name>DetailsPanel</name>
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
        <source>No chip selected</source>
        <translation>Nenhum chip selecionado</translation>
    </message>
    <message>
        <source>Select a chip in the list to see its details and actions.</source>
        <translation>Selecione um chip na lista para ver os detalhes e as ações.</translation>
    </message>
    <message numerus="yes">
        <source>%n chip(s) selected</source>
        <translation>
            <numerusform>%n chip selecionado</numerusform>
            <numerusform>%n chips selecionados</numerusform>
        </translation>
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
</context>
<context>
    <name>DriftView</name>
    <message>
        <source>Drift between the server and the database</source>
        <translation>Divergências entre o servidor e o banco de dados</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>Instância</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefone</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Adopt</source>
        <translation>Cadastrar</translation>
    </message>
    <message>
        <source>Record a chip for each selected instance</source>
        <translation>Cadastrar um chip para cada instância selecionada</translation>
    </message>
    <message>
        <source>On the server but not in the database: created elsewhere, or by a create that was interrupted.</source>
        <translation>Instâncias no servidor que não estão no banco de dados: criadas em outro lugar ou por uma criação interrompida.</translation>
    </message>
    <message>
        <source>Last known state</source>
        <translation>Último estado conhecido</translation>
    </message>
    <message>
        <source>Mark cancelled</source>
        <translation>Marcar como cancelado</translation>
    </message>
    <message>
        <source>Keep the selected chips for history, as deleted</source>
        <translation>Manter os chips selecionados no histórico, como excluídos</translation>
    </message>
    <message>
        <source>In the database but gone from the server: deleted in the Evolution Manager or by another tool.</source>
        <translation>Chips no banco de dados cuja instância sumiu do servidor: excluída no Evolution Manager ou por outra ferramenta.</translation>
    </message>
    <message>
        <source>Server says</source>
        <translation>Servidor informa</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Atualizar</translation>
    </message>
    <message>
        <source>Record the state the server reports now for the selected chips</source>
        <translation>Registrar nos chips selecionados o estado que o servidor informa agora</translation>
    </message>
    <message>
        <source>Reconnect…</source>
        <translation>Reconectar…</translation>
    </message>
    <message>
        <source>Record the real state, then show a new QR code</source>
        <translation>Registrar o estado real e mostrar um novo QR code</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>Verificar de novo</translation>
    </message>
    <message>
        <source>Ask the server about the connected chips visible in the main list</source>
        <translation>Consultar o servidor sobre os chips conectados visíveis na lista principal</translation>
    </message>
    <message>
        <source>Listed as connected, but the live connection says otherwise. Checked for the chips visible in the main list (scroll or filter it to check others).</source>
        <translation>Aparecem como conectados, mas a conexão real diz o contrário. Verificado para os chips visíveis na lista principal (role ou filtre a lista para verificar outros).</translation>
    </message>
    <message numerus="yes">
        <source>Checking %n connected chip(s) in view…</source>
        <translation>
            <numerusform>Verificando %n chip conectado visível…</numerusform>
            <numerusform>Verificando %n chips conectados visíveis…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… e mais %n</numerusform>
            <numerusform>… e mais %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Mark %n chip(s) without instance as cancelled?</source>
        <translation>
            <numerusform>Marcar %n chip sem instância como cancelado?</numerusform>
            <numerusform>Marcar %n chips sem instância como cancelados?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Checked %n connected chip(s) in view: {ghosts} not really connected.</source>
        <translation>
            <numerusform>%n chip conectado visível verificado; não conectados de fato: {ghosts}.</numerusform>
            <numerusform>%n chips conectados visíveis verificados; não conectados de fato: {ghosts}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n could not be checked (server error).</source>
        <translation>
            <numerusform>Não foi possível verificar %n (erro no servidor).</numerusform>
            <numerusform>Não foi possível verificar %n (erro no servidor).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) found.</source>
        <translation>
            <numerusform>%n problema encontrado.</numerusform>
            <numerusform>%n problemas encontrados.</numerusform>
        </translation>
    </message>
    <message>
        <source>“{instance}” adopted as {phone}.</source>
        <translation>“{instance}” cadastrada como {phone}.</translation>
    </message>
    <message>
        <source>“{instance}” could not be adopted: {reason}</source>
        <translation>Não foi possível cadastrar “{instance}”: {reason}</translation>
    </message>
    <message>
        <source>Phone of “{instance}”</source>
        <translation>Telefone de “{instance}”</translation>
    </message>
    <message>
        <source>The server does not say which phone number “{instance}” belongs to. Type it:</source>
        <translation>O servidor não informa a qual número de telefone “{instance}” pertence. Digite o número:</translation>
    </message>
    <message>
        <source>They stay in the database for history, like deleted chips. Their numbers can be used again.</source>
        <translation>Eles continuam no banco de dados como histórico, assim como os chips excluídos. Os números podem ser usados de novo.</translation>
    </message>
    <message>
        <source>“{instance}” marked cancelled.</source>
        <translation>Chip de “{instance}” marcado como cancelado.</translation>
    </message>
    <message>
        <source>“{instance}”: {reason}</source>
        <translation>“{instance}”: {reason}</translation>
    </message>
    <message>
        <source>“{instance}” is connected after all.</source>
        <translation>Na verdade, “{instance}” está conectada.</translation>
    </message>
    <message>
        <source>“{instance}” recorded as {state}.</source>
        <translation>Estado de “{instance}” registrado: {state}.</translation>
    </message>
    <message>
        <source>instance gone from the server</source>
        <translation>instância removida do servidor</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>conectado</translation>
    </message>
    <message>
        <source>waiting for a QR scan</source>
        <translation>aguardando escaneamento do QR</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>desconectado</translation>
    </message>
    <message>
        <source>refused (QR limit)</source>
        <translation>recusado (limite de QR)</translation>
    </message>
    <message>
        <source>no live session (server restarted?)</source>
        <translation>sem sessão ativa (servidor reiniciado?)</translation>
    </message>
    <message>
        <source>Last change {when}</source>
        <translation>Última alteração: {when}</translation>
    </message>
    <message>
        <source>Unknown instances ({count})</source>
        <translation>Instâncias desconhecidas ({count})</translation>
    </message>
    <message>
        <source>Chips without instance ({count})</source>
        <translation>Chips sem instância ({count})</translation>
    </message>
    <message>
        <source>Ghost connected ({count})</source>
        <translation>Falsamente conectados ({count})</translation>
    </message>
    <message>
        <source>The server and the database agree.</source>
        <translation>O servidor e o banco de dados estão de acordo.</translation>
    </message>
    <message>
        <source>Last refresh {time}.</source>
        <translation>Última atualização: {time}.</translation>
    </message>
</context>
<context>
    <name>DropNotice</name>
    <message>
        <source>Dismiss</source>
        <translation>Dispensar</translation>
    </message>
    <message>
        <source>Reconnect…</source>
        <translation>Reconectar…</translation>
    </message>
    <message>
        <source>Show a new QR code for this chip</source>
        <translation>Mostrar um novo QR code para este chip</translation>
    </message>
    <message>
        <source>Show them</source>
        <translation>Mostrar chips</translation>
    </message>
    <message>
        <source>Show only the chips that need attention</source>
        <translation>Mostrar só os chips que precisam de atenção</translation>
    </message>
</context>
<context>
    <name>FleetFeatures</name>
    <message>
        <source>Drift</source>
        <translation>Divergências</translation>
    </message>
    <message>
        <source>Where the server and the database disagree: unknown instances, missing ones, ghost connections</source>
        <translation>Onde o servidor e o banco de dados discordam: instâncias desconhecidas, instâncias ausentes, conexões falsas</translation>
    </message>
    <message>
        <source>Audit trail…</source>
        <translation>Histórico de ações…</translation>
    </message>
    <message>
        <source>Who did what to which chip, and when</source>
        <translation>Quem fez o quê em qual chip, e quando</translation>
    </message>
    <message>
        <source>Add several numbers…</source>
        <translation>Adicionar vários números…</translation>
    </message>
    <message>
        <source>Paste a list of phone numbers: each is checked, created and linked in turn</source>
        <translation>Cole uma lista de números de telefone: cada um é verificado, criado e conectado, um de cada vez</translation>
    </message>
    <message>
        <source>Export chips (CSV)…</source>
        <translation>Exportar chips (CSV)…</translation>
    </message>
    <message>
        <source>Save the chips listed (current search and filter) as a CSV file for Excel</source>
        <translation>Salvar os chips listados (pesquisa e filtro atuais) em um arquivo CSV para o Excel</translation>
    </message>
    <message>
        <source>F&amp;leet</source>
        <translation>&amp;Frota</translation>
    </message>
    <message>
        <source>Drift ({count})</source>
        <translation>Divergências ({count})</translation>
    </message>
    <message>
        <source>Export the chips list</source>
        <translation>Exportar a lista de chips</translation>
    </message>
    <message>
        <source>Saving {path}…</source>
        <translation>Salvando {path}…</translation>
    </message>
    <message numerus="yes">
        <source>%n chip(s) saved to {path}</source>
        <translation>
            <numerusform>%n chip salvo em {path}</numerusform>
            <numerusform>%n chips salvos em {path}</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Falha ao exportar</translation>
    </message>
    <message>
        <source>{path}: {reason}</source>
        <translation>{path}: {reason}</translation>
    </message>
</context>
<context>
    <name>FleetTray</name>
    <message>
        <source>“{name}” disconnected</source>
        <translation>“{name}” desconectado</translation>
    </message>
    <message numerus="yes">
        <source>%n chip(s) disconnected</source>
        <translation>
            <numerusform>%n chip desconectado</numerusform>
            <numerusform>%n chips desconectados</numerusform>
        </translation>
    </message>
    <message>
        <source>{phone} · {instance}</source>
        <translation>{phone} · {instance}</translation>
    </message>
    <message>
        <source>Click here to reconnect.</source>
        <translation>Clique aqui para reconectar.</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… e mais %n</numerusform>
            <numerusform>… e mais %n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n connected</source>
        <translation>
            <numerusform>%n conectado</numerusform>
            <numerusform>%n conectados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n need(s) attention</source>
        <translation>
            <numerusform>%n precisa de atenção</numerusform>
            <numerusform>%n precisam de atenção</numerusform>
        </translation>
    </message>
    <message>
        <source>Click here to see them.</source>
        <translation>Clique aqui para vê-los.</translation>
    </message>
    <message>
        <source>Show the window</source>
        <translation>Mostrar a janela</translation>
    </message>
    <message>
        <source>Show window</source>
        <translation>Mostrar janela</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Atualizar</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Sair</translation>
    </message>
    <message>
        <source>evodesk — {summary}</source>
        <translation>evodesk — {summary}</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <source>&amp;Help</source>
        <translation>Aj&amp;uda</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atalhos de teclado</translation>
    </message>
    <message>
        <source>About evodesk</source>
        <translation>Sobre o evodesk</translation>
    </message>
</context>
<context>
    <name>LiveWiring</name>
    <message>
        <source>Live: every instance</source>
        <translation>Ao vivo: todas as instâncias</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Ao vivo</translation>
    </message>
    <message numerus="yes">
        <source>Live: %n instance(s)</source>
        <translation>
            <numerusform>Ao vivo: %n instância</numerusform>
            <numerusform>Ao vivo: %n instâncias</numerusform>
        </translation>
    </message>
    <message>
        <source>The server sends QR codes and connection changes as they happen. The chips are still refreshed from the server as usual.</source>
        <translation>O servidor envia os QR codes e as mudanças de conexão assim que acontecem. Os chips continuam sendo atualizados pelo servidor como de costume.</translation>
    </message>
    <message numerus="yes">
        <source>%n instance(s) not heard yet: the server opens an instance&apos;s channel with its first event.</source>
        <translation>
            <numerusform>%n instância ainda sem eventos: o servidor abre o canal de uma instância com o primeiro evento dela.</numerusform>
            <numerusform>%n instâncias ainda sem eventos: o servidor abre o canal de uma instância com o primeiro evento dela.</numerusform>
        </translation>
    </message>
    <message>
        <source>Live: connecting…</source>
        <translation>Ao vivo: conectando…</translation>
    </message>
    <message>
        <source>Connecting to the server&apos;s events; until then evodesk asks the server at regular intervals.</source>
        <translation>Conectando aos eventos do servidor; até lá o evodesk consulta o servidor em intervalos regulares.</translation>
    </message>
    <message>
        <source>Not live: evodesk asks the server for changes at regular intervals.</source>
        <translation>Sem eventos ao vivo: o evodesk consulta o servidor em intervalos regulares.</translation>
    </message>
    <message numerus="yes">
        <source>Next attempt in %n second(s).</source>
        <translation>
            <numerusform>Nova tentativa em %n segundo.</numerusform>
            <numerusform>Nova tentativa em %n segundos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Details: {detail}</source>
        <translation>Detalhes: {detail}</translation>
    </message>
    <message>
        <source>Polling: {reason}</source>
        <translation>Consultando: {reason}</translation>
    </message>
    <message>
        <source>live events turned off</source>
        <translation>eventos ao vivo desligados</translation>
    </message>
    <message>
        <source>Live events are turned off in the settings or with --no-live.</source>
        <translation>Os eventos ao vivo estão desligados nas configurações ou com --no-live.</translation>
    </message>
    <message>
        <source>the server sends no events</source>
        <translation>o servidor não envia eventos</translation>
    </message>
    <message>
        <source>The server&apos;s Socket.IO events are turned off (WEBSOCKET_ENABLED). evodesk checks again every minute.</source>
        <translation>Os eventos Socket.IO do servidor estão desligados (WEBSOCKET_ENABLED). O evodesk verifica de novo a cada minuto.</translation>
    </message>
    <message>
        <source>events refused the API key</source>
        <translation>eventos recusaram a chave de API</translation>
    </message>
    <message>
        <source>The server refused the API key for its events. Check the key in the settings.</source>
        <translation>O servidor recusou a chave de API para os seus eventos. Confira a chave nas configurações.</translation>
    </message>
    <message>
        <source>events unreachable</source>
        <translation>eventos inacessíveis</translation>
    </message>
    <message>
        <source>The server&apos;s events cannot be reached. evodesk keeps trying.</source>
        <translation>Não é possível alcançar os eventos do servidor. O evodesk continua tentando.</translation>
    </message>
    <message>
        <source>certificate not trusted</source>
        <translation>certificado não confiável</translation>
    </message>
    <message>
        <source>The server&apos;s certificate was not accepted for its events. Check the certificate settings.</source>
        <translation>O certificado do servidor não foi aceito para os seus eventos. Confira as configurações de certificado.</translation>
    </message>
    <message>
        <source>no events at this address</source>
        <translation>nenhum evento neste endereço</translation>
    </message>
    <message>
        <source>The server did not answer as an Evolution API event server (Socket.IO).</source>
        <translation>O servidor não respondeu como um servidor de eventos da Evolution API (Socket.IO).</translation>
    </message>
    <message>
        <source>reconnecting to events</source>
        <translation>reconectando aos eventos</translation>
    </message>
    <message>
        <source>The connection to the server&apos;s events was lost. evodesk is reconnecting.</source>
        <translation>A conexão com os eventos do servidor caiu. O evodesk está reconectando.</translation>
    </message>
    <message>
        <source>“{instance}” was created on the server outside evodesk</source>
        <translation>“{instance}” foi criada no servidor fora do evodesk</translation>
    </message>
    <message>
        <source>“{instance}” was deleted on the server outside evodesk</source>
        <translation>“{instance}” foi excluída do servidor fora do evodesk</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>evodesk</source>
        <translation>evodesk</translation>
    </message>
    <message>
        <source>evodesk — Demo (built-in simulator)</source>
        <translation>evodesk — Demonstração (simulador integrado)</translation>
    </message>
    <message>
        <source>Opening evodesk…</source>
        <translation>Abrindo o evodesk…</translation>
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
        <source>Disconnected on the server</source>
        <translation>Desconectado no servidor</translation>
    </message>
    <message>
        <source>Restarted on the server</source>
        <translation>Reiniciado no servidor</translation>
    </message>
    <message>
        <source>Deleted on the server</source>
        <translation>Excluído no servidor</translation>
    </message>
    <message>
        <source>Done on the server</source>
        <translation>Feito no servidor</translation>
    </message>
    <message>
        <source>{done}, but the database could not record it; the list catches up at the next refresh. ({reason})</source>
        <translation>{done}, mas o banco de dados não conseguiu registrar; a lista será corrigida na próxima atualização. ({reason})</translation>
    </message>
    <message>
        <source>This looks like a mobile number without the 9 every Brazilian mobile now starts with. Did you mean {suggestion}?</source>
        <translation>Parece um celular sem o 9 com que todo celular brasileiro começa hoje. Você quis dizer {suggestion}?</translation>
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
        <source>The API key contains spaces or characters an API key cannot have. Copy it again from the server&apos;s settings and enter it in Settings.</source>
        <translation>A chave de API contém espaços ou caracteres que uma chave de API não pode ter. Copie-a novamente das configurações do servidor e informe-a em Configurações.</translation>
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
        <source>The server is too slow: it did not finish answering within {seconds} s. evodesk will try again shortly.</source>
        <translation>O servidor está lento demais: não terminou de responder em {seconds} s. O evodesk tentará de novo em instantes.</translation>
    </message>
    <message>
        <source>The server sent an answer larger than evodesk reads ({size} MB); nothing of it was used. Check that the server URL points to the Evolution API.</source>
        <translation>O servidor enviou uma resposta maior do que o evodesk lê ({size} MB); nada dela foi usado. Verifique se a URL do servidor aponta para a Evolution API.</translation>
    </message>
    <message>
        <source>The server is not answering; evodesk will try again shortly.</source>
        <translation>O servidor não está respondendo; o evodesk tentará de novo em instantes.</translation>
    </message>
    <message>
        <source>Nothing answers at the server address (connection refused). Check the URL and its port.</source>
        <translation>Nada responde no endereço do servidor (conexão recusada). Verifique a URL e a porta.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate could not be verified. Check the URL, or configure the certificate authority the server uses.</source>
        <translation>Não foi possível verificar o certificado do servidor. Verifique a URL ou configure a autoridade certificadora que o servidor usa.</translation>
    </message>
    <message>
        <source>The server&apos;s host name could not be found. Check the spelling of the URL.</source>
        <translation>O nome do servidor não foi encontrado. Verifique se a URL está escrita corretamente.</translation>
    </message>
    <message>
        <source>evodesk could not connect to the server. Check the URL and this computer&apos;s network.</source>
        <translation>O evodesk não conseguiu se conectar ao servidor. Verifique a URL e a rede deste computador.</translation>
    </message>
    <message>
        <source>The connection to the server was cut before it answered. evodesk will try again shortly.</source>
        <translation>A conexão com o servidor caiu antes da resposta. O evodesk tentará de novo em instantes.</translation>
    </message>
    <message>
        <source>The server&apos;s answer could not be read. Check that the URL points to the Evolution API.</source>
        <translation>Não foi possível ler a resposta do servidor. Verifique se a URL aponta para a Evolution API.</translation>
    </message>
    <message>
        <source>The Evolution API server is not activated (licence required). Ask its administrator.</source>
        <translation>O servidor da Evolution API não está ativado (licença necessária). Fale com o administrador dele.</translation>
    </message>
    <message>
        <source>The server failed (HTTP {status}). Try again shortly.</source>
        <translation>O servidor falhou (HTTP {status}). Tente de novo em instantes.</translation>
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
        <source>Type the server URL.</source>
        <translation>Digite a URL do servidor.</translation>
    </message>
    <message>
        <source>The server URL must not contain spaces.</source>
        <translation>A URL do servidor não pode conter espaços.</translation>
    </message>
    <message>
        <source>“{value}” is not a valid address.</source>
        <translation>“{value}” não é um endereço válido.</translation>
    </message>
    <message>
        <source>The server URL must start with http:// or https://.</source>
        <translation>A URL do servidor deve começar com http:// ou https://.</translation>
    </message>
    <message>
        <source>The server URL has no host name.</source>
        <translation>A URL do servidor não tem nome de host.</translation>
    </message>
    <message>
        <source>The server URL must not contain a user name or password; type the key in the API key field.</source>
        <translation>A URL do servidor não pode conter usuário nem senha; digite a chave no campo Chave da API.</translation>
    </message>
    <message>
        <source>The server URL must not contain “?” or “#”.</source>
        <translation>A URL do servidor não pode conter “?” nem “#”.</translation>
    </message>
    <message>
        <source>The server URL has an invalid port.</source>
        <translation>A URL do servidor tem uma porta inválida.</translation>
    </message>
    <message>
        <source>The settings file {value} cannot be read.</source>
        <translation>Não foi possível ler o arquivo de configurações {value}.</translation>
    </message>
    <message>
        <source>{name}: expected true or false, got “{value}”.</source>
        <translation>{name}: esperado true ou false, recebido “{value}”.</translation>
    </message>
    <message>
        <source>{name}: expected a number of seconds, got “{value}”.</source>
        <translation>{name}: esperado um número de segundos, recebido “{value}”.</translation>
    </message>
    <message>
        <source>{name}: must be greater than zero, got “{value}”.</source>
        <translation>{name}: deve ser maior que zero, recebido “{value}”.</translation>
    </message>
    <message>
        <source>The language “{value}” is not supported; choose pt_BR or en.</source>
        <translation>O idioma “{value}” não é suportado; escolha pt_BR ou en.</translation>
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
    <name>OnboardModel</name>
    <message>
        <source>Phone</source>
        <translation>Telefone</translation>
    </message>
    <message>
        <source>Instance</source>
        <translation>Instância</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Aguardando</translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation>Criando…</translation>
    </message>
    <message>
        <source>Showing the QR code</source>
        <translation>Mostrando o QR code</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Conectado</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Pulado</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Falhou</translation>
    </message>
</context>
<context>
    <name>OnboardingDialog</name>
    <message>
        <source>Add several numbers</source>
        <translation>Adicionar vários números</translation>
    </message>
    <message>
        <source>Paste the phone numbers, one per line (or separated by “;”, “,” or spaces), with the area code. Every number is checked before anything is created; then each one gets its QR code in turn.</source>
        <translation>Cole os números de telefone, um por linha (ou separados por “;”, “,” ou espaços), com o DDD. Todos os números são verificados antes de qualquer criação; depois, cada um recebe seu QR code, um de cada vez.</translation>
    </message>
    <message>
        <source>Check and start</source>
        <translation>Verificar e começar</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Pular</translation>
    </message>
    <message>
        <source>Leave this number for later and go on with the next one</source>
        <translation>Deixar este número para depois e seguir para o próximo</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Tentar novamente</translation>
    </message>
    <message>
        <source>Try the selected number again (skipped or failed)</source>
        <translation>Tentar de novo o número selecionado (pulado ou com falha)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
    <message>
        <source>The list is empty: paste at least one phone number.</source>
        <translation>A lista está vazia: cole pelo menos um número de telefone.</translation>
    </message>
    <message>
        <source>Nothing was created yet: fix these lines and check again, or leave them out.</source>
        <translation>Nada foi criado ainda: corrija estas linhas e verifique de novo, ou deixe-as de fora.</translation>
    </message>
    <message numerus="yes">
        <source>Leave them out and go on with %n number(s)</source>
        <translation>
            <numerusform>Deixar de fora e seguir com %n número</numerusform>
            <numerusform>Deixar de fora e seguir com %n números</numerusform>
        </translation>
    </message>
    <message>
        <source>The list could not be checked: {reason}</source>
        <translation>Não foi possível verificar a lista: {reason}</translation>
    </message>
    <message>
        <source>Number {index} of {total}: {phone}</source>
        <translation>Número {index} de {total}: {phone}</translation>
    </message>
    <message>
        <source>Number {index} of {total}: {phone} — scan the QR code in its window, or press Skip.</source>
        <translation>Número {index} de {total}: {phone} — escaneie o QR code na janela dele ou clique em Pular.</translation>
    </message>
    <message>
        <source>Link WhatsApp — number {index} of {total}: {phone} ({instance})</source>
        <translation>Conectar WhatsApp — número {index} de {total}: {phone} ({instance})</translation>
    </message>
    <message>
        <source>QR code closed before the phone was linked</source>
        <translation>QR code fechado antes de o celular ser conectado</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Concluído.</translation>
    </message>
    <message>
        <source>{connected} connected · {skipped} skipped · {failed} failed</source>
        <translation>Conectados: {connected} · Pulados: {skipped} · Com falha: {failed}</translation>
    </message>
    <message>
        <source>repeated (already on line {line})</source>
        <translation>repetido (já está na linha {line})</translation>
    </message>
    <message>
        <source>already has a chip (“{instance}”)</source>
        <translation>já tem um chip (“{instance}”)</translation>
    </message>
    <message>
        <source>the instance name “{instance}” is already in use</source>
        <translation>o nome de instância “{instance}” já está em uso</translation>
    </message>
    <message>
        <source>Line {line}: “{text}” — {why}</source>
        <translation>Linha {line}: “{text}” — {why}</translation>
    </message>
</context>
<context>
    <name>PairingPage</name>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Link with the phone number instead</source>
        <translation>Conectar com o número de telefone</translation>
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
</context>
<context>
    <name>QrCodeDialog</name>
    <message>
        <source>Link WhatsApp — {phone} ({instance})</source>
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
        <source>This window waits for the scan for {seconds} s more, then until the code shown runs out.</source>
        <translation>Esta janela espera o escaneamento por mais {seconds} s e, depois, até o código mostrado expirar.</translation>
    </message>
    <message>
        <source>Last code: this window stops waiting when it runs out. Refresh QR code (F5) gives more time.</source>
        <translation>Último código: esta janela para de esperar quando ele expirar. Atualizar QR code (F5) dá mais tempo.</translation>
    </message>
    <message>
        <source>This window stops waiting now.</source>
        <translation>Esta janela para de esperar agora.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
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
        <source>The server sent a QR code that cannot be shown.
Waiting for the next one…</source>
        <translation>O servidor enviou um QR code que não pode ser exibido.
Aguardando o próximo…</translation>
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
        <source>Phone {phone} · instance {instance}</source>
        <translation>Telefone {phone} · instância {instance}</translation>
    </message>
    <message>
        <source>Type the pairing code</source>
        <translation>Digite o código de pareamento</translation>
    </message>
    <message>
        <source>Waiting for a QR code that can be shown…</source>
        <translation>Aguardando um QR code que possa ser exibido…</translation>
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
        <source>Replaced within {seconds} s at most (already on the server when this window opened: its age is unknown)</source>
        <translation>Substituído em até {seconds} s (já estava no servidor quando esta janela abriu: idade desconhecida)</translation>
    </message>
    <message>
        <source>Expires in {seconds} s</source>
        <translation>Expira em {seconds} s</translation>
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
        <translation>QR code para escanear com o WhatsApp</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>logged out</source>
        <translation>sessão encerrada</translation>
    </message>
    <message>
        <source>logged out on the phone</source>
        <translation>sessão encerrada no celular</translation>
    </message>
    <message>
        <source>Someone removed this device under Linked devices on the phone. Reconnect and scan a new QR code.</source>
        <translation>Alguém removeu este dispositivo em Dispositivos conectados no celular. Reconecte e escaneie um novo QR code.</translation>
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
        <source>Open WhatsApp on the phone and check the account before reconnecting.</source>
        <translation>Abra o WhatsApp no celular e verifique a conta antes de reconectar.</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>bloqueado</translation>
    </message>
    <message>
        <source>forbidden by WhatsApp: the number may be banned</source>
        <translation>proibido pelo WhatsApp: o número pode ter sido banido</translation>
    </message>
    <message>
        <source>Check the number in WhatsApp on the phone; reconnecting will not help while it is blocked.</source>
        <translation>Verifique o número no WhatsApp do celular; reconectar não adianta enquanto ele estiver bloqueado.</translation>
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
        <source>Check the number in WhatsApp on the phone before reconnecting.</source>
        <translation>Verifique o número no WhatsApp do celular antes de reconectar.</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>tempo esgotado</translation>
    </message>
    <message>
        <source>QR codes ran out or the connection timed out</source>
        <translation>os QR codes acabaram ou o tempo de conexão esgotou</translation>
    </message>
    <message>
        <source>Reconnect to show a new QR code.</source>
        <translation>Reconecte para mostrar um novo QR code.</translation>
    </message>
    <message>
        <source>device mismatch</source>
        <translation>conflito de dispositivo</translation>
    </message>
    <message>
        <source>multi-device mismatch: server or network restart</source>
        <translation>incompatibilidade de multidispositivo: reinício do servidor ou da rede</translation>
    </message>
    <message>
        <source>replaced by another session: WhatsApp opened elsewhere</source>
        <translation>substituído por outra sessão: o WhatsApp foi aberto em outro lugar</translation>
    </message>
    <message>
        <source>session data damaged: server or network restart</source>
        <translation>dados da sessão danificados: reinício do servidor ou da rede</translation>
    </message>
    <message>
        <source>WhatsApp unavailable: server or network restart</source>
        <translation>WhatsApp indisponível: reinício do servidor ou da rede</translation>
    </message>
    <message>
        <source>restart required: server or network restart</source>
        <translation>reinício necessário: reinício do servidor ou da rede</translation>
    </message>
    <message>
        <source>Reconnect; if it keeps happening, update WhatsApp on the phone.</source>
        <translation>Reconecte; se continuar acontecendo, atualize o WhatsApp no celular.</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>conexão recusada</translation>
    </message>
    <message>
        <source>connection refused: QR code limit reached</source>
        <translation>conexão recusada: limite de QR codes atingido</translation>
    </message>
    <message>
        <source>Nobody scanned in time. Reconnect when the phone is at hand.</source>
        <translation>Ninguém escaneou a tempo. Reconecte quando estiver com o celular em mãos.</translation>
    </message>
    <message>
        <source>replaced</source>
        <translation>sessão substituída</translation>
    </message>
    <message>
        <source>This number was linked somewhere else (another WhatsApp Web or server). Reconnect to take it back.</source>
        <translation>Este número foi conectado em outro lugar (outro WhatsApp Web ou servidor). Reconecte para recuperá-lo.</translation>
    </message>
    <message>
        <source>bad session</source>
        <translation>sessão corrompida</translation>
    </message>
    <message>
        <source>Reconnect and scan a new QR code.</source>
        <translation>Reconecte e escaneie um novo QR code.</translation>
    </message>
    <message>
        <source>service unavailable</source>
        <translation>serviço indisponível</translation>
    </message>
    <message>
        <source>Usually temporary: reconnect, or wait for the next refresh.</source>
        <translation>Costuma ser temporário: reconecte ou aguarde a próxima atualização.</translation>
    </message>
    <message>
        <source>restart needed</source>
        <translation>requer reinício</translation>
    </message>
    <message>
        <source>code {code}</source>
        <translation>código {code}</translation>
    </message>
    <message>
        <source>unknown reason (code {code})</source>
        <translation>motivo desconhecido (código {code})</translation>
    </message>
    <message>
        <source>{reason} (code {code})</source>
        <translation>{reason} (código {code})</translation>
    </message>
    <message>
        <source>the server closed the session without saying why</source>
        <translation>o servidor encerrou a sessão sem informar o motivo</translation>
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
        <source>The address needs http:// or https:// at the start. Did you mean {url}?</source>
        <translation>O endereço precisa começar com http:// ou https://. Você quis dizer {url}?</translation>
    </message>
    <message>
        <source>Use {url}</source>
        <translation>Usar {url}</translation>
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
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atalhos de teclado</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Show the QR code of the selected disconnected chip</source>
        <translation>Mostrar o QR code do chip desconectado selecionado</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>Move between the list, the details panel&apos;s buttons, search and filter</source>
        <translation>Passar entre a lista, os botões do painel de detalhes, a busca e o filtro</translation>
    </message>
    <message>
        <source>Shift+click, Ctrl+click</source>
        <translation>Shift+clique, Ctrl+clique</translation>
    </message>
    <message>
        <source>Select several chips for one action</source>
        <translation>Selecionar vários chips para uma ação</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Teclas</translation>
    </message>
    <message>
        <source>What they do</source>
        <translation>O que fazem</translation>
    </message>
</context>
<context>
    <name>StatusActions</name>
    <message>
        <source>Business &amp;status</source>
        <translation>&amp;Status do negócio</translation>
    </message>
    <message>
        <source>Set the business status of the selected chip</source>
        <translation>Definir o status do negócio do chip selecionado</translation>
    </message>
    <message>
        <source>Mark “{instance}” ({phone}) as {status}?</source>
        <translation>Marcar “{instance}” ({phone}) como {status}?</translation>
    </message>
    <message>
        <source>Change business status</source>
        <translation>Alterar status do negócio</translation>
    </message>
    <message>
        <source>It is {current} now. The change is recorded in the audit trail with your name.</source>
        <translation>Agora está como {current}. A alteração fica registrada no histórico de auditoria com o seu nome.</translation>
    </message>
    <message>
        <source>Mark as {status}</source>
        <translation>Marcar como {status}</translation>
    </message>
    <message>
        <source>“{instance}” is now {status}</source>
        <translation>“{instance}” agora está como {status}</translation>
    </message>
    <message>
        <source>Status not changed</source>
        <translation>Status não alterado</translation>
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
<context>
    <name>WindowParts</name>
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
        <source>Chip settings…</source>
        <translation>Configurações do chip…</translation>
    </message>
    <message>
        <source>Behaviour, proxy and profile of the selected chips (one or many at once)</source>
        <translation>Comportamento, proxy e perfil dos chips selecionados (um ou vários de uma vez)</translation>
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
    <message numerus="yes">
        <source>%n instance(s) on the server are not in the database</source>
        <translation>
            <numerusform>%n instância do servidor sem registro no banco de dados</numerusform>
            <numerusform>%n instâncias do servidor sem registro no banco de dados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n chip(s) have no instance on the server</source>
        <translation>
            <numerusform>%n chip sem instância no servidor</numerusform>
            <numerusform>%n chips sem instância no servidor</numerusform>
        </translation>
    </message>
    <message>
        <source>The Evolution API server is not answering properly</source>
        <translation>O servidor da Evolution API não está respondendo corretamente</translation>
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
        <source>Settings saved; they apply when evodesk starts again.</source>
        <translation>Configurações salvas; elas passam a valer na próxima vez que o evodesk for aberto.</translation>
    </message>
    <message>
        <source>The log folder is {path}</source>
        <translation>A pasta de logs é {path}</translation>
    </message>
</context>
</TS>
